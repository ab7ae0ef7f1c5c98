(module
  (type $t0 (func (param f64) (result f64)))
  (type $t1 (func (param f64 f64 f64 f64 f64 f64) (result f64)))
  (type $t2 (func (param i32 i32 i32 i32 i32 i32) (result f64)))
  (type $t3 (func (param i32 i32 i32 i32) (result i32)))
  (type $t4 (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "expm1" (func $env.expm1 (type $t0)))
  (import "env" "memory" (memory $env.memory 0 65536 shared))
  (func $moffat (type $t1) (param $p0 f64) (param $p1 f64) (param $p2 f64) (param $p3 f64) (param $p4 f64) (param $p5 f64) (result f64)
    (local $l6 f64) (local $l7 f64)
    f64.const 0x1p+1 (;=2;)
    local.get $p0
    f64.mul
    local.get $p2
    f64.div
    local.set $l6
    local.get $l6
    local.get $l6
    f64.mul
    local.set $l7
    local.get $p5
    local.get $p1
    local.get $p3
    f64.const 0x1.0c6f7a0b5ed8dp-20 (;=1e-06;)
    f64.lt
    if $I0 (result f64)
      f64.const -0x1.62e42fefa39efp-1 (;=-0.693147;)
      local.get $l7
      f64.mul
      call $exp
    else
      local.get $p4
      local.get $l7
      f64.mul
      call $log1p
      f64.neg
      local.get $p3
      f64.div
      call $exp
    end
    f64.mul
    f64.add)
  (func $cost (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (result f64)
    (local $l6 i32) (local $l7 f64) (local $l8 f64) (local $l9 f64) (local $l10 f64) (local $l11 f64) (local $l12 f64) (local $l13 f64) (local $l14 f64) (local $l15 f64) (local $l16 f64) (local $l17 f64)
    local.get $p4
    f64.load
    local.set $l10
    local.get $p4
    f64.load offset=8
    local.set $l11
    local.get $p4
    f64.load offset=16
    local.set $l12
    local.get $p4
    f64.load offset=24
    local.set $l13
    local.get $l12
    f64.const 0x1.62e42fefa39efp-1 (;=0.693147;)
    f64.mul
    call $env.expm1
    local.set $l9
    block $B0
      loop $L1
        local.get $l6
        local.get $p3
        i32.ge_s
        br_if $B0
        f64.const 0x1p+1 (;=2;)
        local.get $p0
        local.get $l6
        i32.const 3
        i32.shl
        i32.add
        f64.load
        f64.mul
        local.get $l11
        f64.div
        local.set $l14
        local.get $l14
        local.get $l14
        f64.mul
        local.set $l15
        local.get $l12
        f64.const 0x1.0c6f7a0b5ed8dp-20 (;=1e-06;)
        f64.lt
        if $I2 (result f64)
          f64.const 0x0p+0 (;=0;)
          local.set $l16
          f64.const -0x1.62e42fefa39efp-1 (;=-0.693147;)
          local.get $l15
          f64.mul
          call $exp
        else
          local.get $l9
          local.get $l15
          f64.mul
          call $log1p
          local.set $l16
          local.get $l16
          f64.neg
          local.get $l12
          f64.div
          call $exp
        end
        local.set $l17
        local.get $p5
        local.get $l6
        i32.const 3
        i32.shl
        i32.add
        local.get $l17
        f64.store
        local.get $p5
        local.get $l6
        i32.const 3
        i32.shl
        i32.add
        local.get $l16
        f64.store offset=512
        local.get $p1
        local.get $l6
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.get $l13
        local.get $l10
        local.get $l17
        f64.mul
        f64.add
        f64.sub
        local.set $l8
        local.get $l7
        local.get $p2
        local.get $l6
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.get $l8
        f64.mul
        local.get $l8
        f64.mul
        f64.add
        local.set $l7
        local.get $l6
        i32.const 1
        i32.add
        local.set $l6
        br $L1
      end
    end
    local.get $l7)
  (func $solve4 (type $t3) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (result i32)
    (local $l4 i32) (local $l5 i32) (local $l6 f64) (local $l7 f64) (local $l8 f64) (local $l9 f64)
    local.get $p2
    local.get $p0
    f64.load
    f64.store
    local.get $p2
    local.get $p0
    f64.load offset=8
    f64.store offset=8
    local.get $p2
    local.get $p0
    f64.load offset=16
    f64.store offset=16
    local.get $p2
    local.get $p0
    f64.load offset=24
    f64.store offset=24
    local.get $p2
    local.get $p1
    f64.load
    f64.store offset=32
    local.get $p2
    local.get $p0
    f64.load offset=32
    f64.store offset=40
    local.get $p2
    local.get $p0
    f64.load offset=40
    f64.store offset=48
    local.get $p2
    local.get $p0
    f64.load offset=48
    f64.store offset=56
    local.get $p2
    local.get $p0
    f64.load offset=56
    f64.store offset=64
    local.get $p2
    local.get $p1
    f64.load offset=8
    f64.store offset=72
    local.get $p2
    local.get $p0
    f64.load offset=64
    f64.store offset=80
    local.get $p2
    local.get $p0
    f64.load offset=72
    f64.store offset=88
    local.get $p2
    local.get $p0
    f64.load offset=80
    f64.store offset=96
    local.get $p2
    local.get $p0
    f64.load offset=88
    f64.store offset=104
    local.get $p2
    local.get $p1
    f64.load offset=16
    f64.store offset=112
    local.get $p2
    local.get $p0
    f64.load offset=96
    f64.store offset=120
    local.get $p2
    local.get $p0
    f64.load offset=104
    f64.store offset=128
    local.get $p2
    local.get $p0
    f64.load offset=112
    f64.store offset=136
    local.get $p2
    local.get $p0
    f64.load offset=120
    f64.store offset=144
    local.get $p2
    local.get $p1
    f64.load offset=24
    f64.store offset=152
    i32.const 0
    local.set $l4
    local.get $p2
    f64.load
    f64.abs
    local.set $l6
    local.get $p2
    f64.load offset=40
    f64.abs
    local.get $l6
    f64.gt
    if $I0
      i32.const 1
      local.set $l4
      local.get $p2
      f64.load offset=40
      f64.abs
      local.set $l6
    end
    local.get $p2
    f64.load offset=80
    f64.abs
    local.get $l6
    f64.gt
    if $I1
      i32.const 2
      local.set $l4
      local.get $p2
      f64.load offset=80
      f64.abs
      local.set $l6
    end
    local.get $p2
    f64.load offset=120
    f64.abs
    local.get $l6
    f64.gt
    if $I2
      i32.const 3
      local.set $l4
      local.get $p2
      f64.load offset=120
      f64.abs
      local.set $l6
    end
    local.get $l6
    f64.const 0x1.56e1fc2f8f359p-997 (;=1e-300;)
    f64.gt
    i32.eqz
    if $I3
      i32.const 0
      return
    end
    local.get $p2
    local.get $l4
    i32.const 40
    i32.mul
    i32.add
    local.set $l5
    local.get $l4
    i32.const 0
    i32.ne
    if $I4
      local.get $p2
      f64.load
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load
      f64.store
      local.get $l5
      local.get $l8
      f64.store
      local.get $p2
      f64.load offset=8
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=8
      f64.store offset=8
      local.get $l5
      local.get $l8
      f64.store offset=8
      local.get $p2
      f64.load offset=16
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=16
      f64.store offset=16
      local.get $l5
      local.get $l8
      f64.store offset=16
      local.get $p2
      f64.load offset=24
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=24
      f64.store offset=24
      local.get $l5
      local.get $l8
      f64.store offset=24
      local.get $p2
      f64.load offset=32
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=32
      f64.store offset=32
      local.get $l5
      local.get $l8
      f64.store offset=32
    end
    local.get $p2
    f64.load offset=40
    local.get $p2
    f64.load
    f64.div
    local.set $l7
    local.get $p2
    local.get $p2
    f64.load offset=40
    local.get $l7
    local.get $p2
    f64.load
    f64.mul
    f64.sub
    f64.store offset=40
    local.get $p2
    local.get $p2
    f64.load offset=48
    local.get $l7
    local.get $p2
    f64.load offset=8
    f64.mul
    f64.sub
    f64.store offset=48
    local.get $p2
    local.get $p2
    f64.load offset=56
    local.get $l7
    local.get $p2
    f64.load offset=16
    f64.mul
    f64.sub
    f64.store offset=56
    local.get $p2
    local.get $p2
    f64.load offset=64
    local.get $l7
    local.get $p2
    f64.load offset=24
    f64.mul
    f64.sub
    f64.store offset=64
    local.get $p2
    local.get $p2
    f64.load offset=72
    local.get $l7
    local.get $p2
    f64.load offset=32
    f64.mul
    f64.sub
    f64.store offset=72
    local.get $p2
    f64.load offset=80
    local.get $p2
    f64.load
    f64.div
    local.set $l7
    local.get $p2
    local.get $p2
    f64.load offset=80
    local.get $l7
    local.get $p2
    f64.load
    f64.mul
    f64.sub
    f64.store offset=80
    local.get $p2
    local.get $p2
    f64.load offset=88
    local.get $l7
    local.get $p2
    f64.load offset=8
    f64.mul
    f64.sub
    f64.store offset=88
    local.get $p2
    local.get $p2
    f64.load offset=96
    local.get $l7
    local.get $p2
    f64.load offset=16
    f64.mul
    f64.sub
    f64.store offset=96
    local.get $p2
    local.get $p2
    f64.load offset=104
    local.get $l7
    local.get $p2
    f64.load offset=24
    f64.mul
    f64.sub
    f64.store offset=104
    local.get $p2
    local.get $p2
    f64.load offset=112
    local.get $l7
    local.get $p2
    f64.load offset=32
    f64.mul
    f64.sub
    f64.store offset=112
    local.get $p2
    f64.load offset=120
    local.get $p2
    f64.load
    f64.div
    local.set $l7
    local.get $p2
    local.get $p2
    f64.load offset=120
    local.get $l7
    local.get $p2
    f64.load
    f64.mul
    f64.sub
    f64.store offset=120
    local.get $p2
    local.get $p2
    f64.load offset=128
    local.get $l7
    local.get $p2
    f64.load offset=8
    f64.mul
    f64.sub
    f64.store offset=128
    local.get $p2
    local.get $p2
    f64.load offset=136
    local.get $l7
    local.get $p2
    f64.load offset=16
    f64.mul
    f64.sub
    f64.store offset=136
    local.get $p2
    local.get $p2
    f64.load offset=144
    local.get $l7
    local.get $p2
    f64.load offset=24
    f64.mul
    f64.sub
    f64.store offset=144
    local.get $p2
    local.get $p2
    f64.load offset=152
    local.get $l7
    local.get $p2
    f64.load offset=32
    f64.mul
    f64.sub
    f64.store offset=152
    i32.const 1
    local.set $l4
    local.get $p2
    f64.load offset=48
    f64.abs
    local.set $l6
    local.get $p2
    f64.load offset=88
    f64.abs
    local.get $l6
    f64.gt
    if $I5
      i32.const 2
      local.set $l4
      local.get $p2
      f64.load offset=88
      f64.abs
      local.set $l6
    end
    local.get $p2
    f64.load offset=128
    f64.abs
    local.get $l6
    f64.gt
    if $I6
      i32.const 3
      local.set $l4
      local.get $p2
      f64.load offset=128
      f64.abs
      local.set $l6
    end
    local.get $l6
    f64.const 0x1.56e1fc2f8f359p-997 (;=1e-300;)
    f64.gt
    i32.eqz
    if $I7
      i32.const 0
      return
    end
    local.get $p2
    local.get $l4
    i32.const 40
    i32.mul
    i32.add
    local.set $l5
    local.get $l4
    i32.const 1
    i32.ne
    if $I8
      local.get $p2
      f64.load offset=40
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load
      f64.store offset=40
      local.get $l5
      local.get $l8
      f64.store
      local.get $p2
      f64.load offset=48
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=8
      f64.store offset=48
      local.get $l5
      local.get $l8
      f64.store offset=8
      local.get $p2
      f64.load offset=56
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=16
      f64.store offset=56
      local.get $l5
      local.get $l8
      f64.store offset=16
      local.get $p2
      f64.load offset=64
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=24
      f64.store offset=64
      local.get $l5
      local.get $l8
      f64.store offset=24
      local.get $p2
      f64.load offset=72
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=32
      f64.store offset=72
      local.get $l5
      local.get $l8
      f64.store offset=32
    end
    local.get $p2
    f64.load offset=88
    local.get $p2
    f64.load offset=48
    f64.div
    local.set $l7
    local.get $p2
    local.get $p2
    f64.load offset=88
    local.get $l7
    local.get $p2
    f64.load offset=48
    f64.mul
    f64.sub
    f64.store offset=88
    local.get $p2
    local.get $p2
    f64.load offset=96
    local.get $l7
    local.get $p2
    f64.load offset=56
    f64.mul
    f64.sub
    f64.store offset=96
    local.get $p2
    local.get $p2
    f64.load offset=104
    local.get $l7
    local.get $p2
    f64.load offset=64
    f64.mul
    f64.sub
    f64.store offset=104
    local.get $p2
    local.get $p2
    f64.load offset=112
    local.get $l7
    local.get $p2
    f64.load offset=72
    f64.mul
    f64.sub
    f64.store offset=112
    local.get $p2
    f64.load offset=128
    local.get $p2
    f64.load offset=48
    f64.div
    local.set $l7
    local.get $p2
    local.get $p2
    f64.load offset=128
    local.get $l7
    local.get $p2
    f64.load offset=48
    f64.mul
    f64.sub
    f64.store offset=128
    local.get $p2
    local.get $p2
    f64.load offset=136
    local.get $l7
    local.get $p2
    f64.load offset=56
    f64.mul
    f64.sub
    f64.store offset=136
    local.get $p2
    local.get $p2
    f64.load offset=144
    local.get $l7
    local.get $p2
    f64.load offset=64
    f64.mul
    f64.sub
    f64.store offset=144
    local.get $p2
    local.get $p2
    f64.load offset=152
    local.get $l7
    local.get $p2
    f64.load offset=72
    f64.mul
    f64.sub
    f64.store offset=152
    i32.const 2
    local.set $l4
    local.get $p2
    f64.load offset=96
    f64.abs
    local.set $l6
    local.get $p2
    f64.load offset=136
    f64.abs
    local.get $l6
    f64.gt
    if $I9
      i32.const 3
      local.set $l4
      local.get $p2
      f64.load offset=136
      f64.abs
      local.set $l6
    end
    local.get $l6
    f64.const 0x1.56e1fc2f8f359p-997 (;=1e-300;)
    f64.gt
    i32.eqz
    if $I10
      i32.const 0
      return
    end
    local.get $p2
    local.get $l4
    i32.const 40
    i32.mul
    i32.add
    local.set $l5
    local.get $l4
    i32.const 2
    i32.ne
    if $I11
      local.get $p2
      f64.load offset=80
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load
      f64.store offset=80
      local.get $l5
      local.get $l8
      f64.store
      local.get $p2
      f64.load offset=88
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=8
      f64.store offset=88
      local.get $l5
      local.get $l8
      f64.store offset=8
      local.get $p2
      f64.load offset=96
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=16
      f64.store offset=96
      local.get $l5
      local.get $l8
      f64.store offset=16
      local.get $p2
      f64.load offset=104
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=24
      f64.store offset=104
      local.get $l5
      local.get $l8
      f64.store offset=24
      local.get $p2
      f64.load offset=112
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=32
      f64.store offset=112
      local.get $l5
      local.get $l8
      f64.store offset=32
    end
    local.get $p2
    f64.load offset=136
    local.get $p2
    f64.load offset=96
    f64.div
    local.set $l7
    local.get $p2
    local.get $p2
    f64.load offset=136
    local.get $l7
    local.get $p2
    f64.load offset=96
    f64.mul
    f64.sub
    f64.store offset=136
    local.get $p2
    local.get $p2
    f64.load offset=144
    local.get $l7
    local.get $p2
    f64.load offset=104
    f64.mul
    f64.sub
    f64.store offset=144
    local.get $p2
    local.get $p2
    f64.load offset=152
    local.get $l7
    local.get $p2
    f64.load offset=112
    f64.mul
    f64.sub
    f64.store offset=152
    i32.const 3
    local.set $l4
    local.get $p2
    f64.load offset=144
    f64.abs
    local.set $l6
    local.get $l6
    f64.const 0x1.56e1fc2f8f359p-997 (;=1e-300;)
    f64.gt
    i32.eqz
    if $I12
      i32.const 0
      return
    end
    local.get $p2
    local.get $l4
    i32.const 40
    i32.mul
    i32.add
    local.set $l5
    local.get $l4
    i32.const 3
    i32.ne
    if $I13
      local.get $p2
      f64.load offset=120
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load
      f64.store offset=120
      local.get $l5
      local.get $l8
      f64.store
      local.get $p2
      f64.load offset=128
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=8
      f64.store offset=128
      local.get $l5
      local.get $l8
      f64.store offset=8
      local.get $p2
      f64.load offset=136
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=16
      f64.store offset=136
      local.get $l5
      local.get $l8
      f64.store offset=16
      local.get $p2
      f64.load offset=144
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=24
      f64.store offset=144
      local.get $l5
      local.get $l8
      f64.store offset=24
      local.get $p2
      f64.load offset=152
      local.set $l8
      local.get $p2
      local.get $l5
      f64.load offset=32
      f64.store offset=152
      local.get $l5
      local.get $l8
      f64.store offset=32
    end
    local.get $p2
    f64.load offset=152
    local.set $l9
    local.get $p3
    local.get $l9
    local.get $p2
    f64.load offset=144
    f64.div
    f64.store offset=24
    local.get $p2
    f64.load offset=112
    local.set $l9
    local.get $l9
    local.get $p2
    f64.load offset=104
    local.get $p3
    f64.load offset=24
    f64.mul
    f64.sub
    local.set $l9
    local.get $p3
    local.get $l9
    local.get $p2
    f64.load offset=96
    f64.div
    f64.store offset=16
    local.get $p2
    f64.load offset=72
    local.set $l9
    local.get $l9
    local.get $p2
    f64.load offset=56
    local.get $p3
    f64.load offset=16
    f64.mul
    f64.sub
    local.set $l9
    local.get $l9
    local.get $p2
    f64.load offset=64
    local.get $p3
    f64.load offset=24
    f64.mul
    f64.sub
    local.set $l9
    local.get $p3
    local.get $l9
    local.get $p2
    f64.load offset=48
    f64.div
    f64.store offset=8
    local.get $p2
    f64.load offset=32
    local.set $l9
    local.get $l9
    local.get $p2
    f64.load offset=8
    local.get $p3
    f64.load offset=8
    f64.mul
    f64.sub
    local.set $l9
    local.get $l9
    local.get $p2
    f64.load offset=16
    local.get $p3
    f64.load offset=16
    f64.mul
    f64.sub
    local.set $l9
    local.get $l9
    local.get $p2
    f64.load offset=24
    local.get $p3
    f64.load offset=24
    f64.mul
    f64.sub
    local.set $l9
    local.get $p3
    local.get $l9
    local.get $p2
    f64.load
    f64.div
    f64.store
    i32.const 1)
  (func $fit (type $t4) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (result i32)
    (local $l6 i32) (local $l7 i32) (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 i32) (local $l13 i32) (local $l14 i32) (local $l15 i32) (local $l16 i32) (local $l17 i32) (local $l18 i32) (local $l19 i32) (local $l20 f64) (local $l21 f64) (local $l22 f64) (local $l23 f64) (local $l24 f64) (local $l25 f64) (local $l26 f64) (local $l27 f64) (local $l28 f64) (local $l29 f64) (local $l30 f64) (local $l31 f64) (local $l32 f64) (local $l33 f64) (local $l34 f64) (local $l35 f64) (local $l36 f64) (local $l37 f64) (local $l38 f64) (local $l39 f64) (local $l40 f64) (local $l41 f64) (local $l42 f64) (local $l43 f64) (local $l44 f64) (local $l45 f64) (local $l46 f64) (local $l47 f64) (local $l48 f64) (local $l49 f64) (local $l50 f64) (local $l51 f64) (local $l52 f64) (local $l53 f64) (local $l54 f64) (local $l55 f64)
    local.get $p5
    i32.const 0
    i32.add
    local.set $l11
    local.get $p5
    i32.const 128
    i32.add
    local.set $l12
    local.get $p5
    i32.const 160
    i32.add
    local.set $l13
    local.get $p5
    i32.const 288
    i32.add
    local.set $l14
    local.get $p5
    i32.const 448
    i32.add
    local.set $l15
    local.get $p5
    i32.const 480
    i32.add
    local.set $l16
    local.get $p5
    i32.const 512
    i32.add
    local.set $l17
    local.get $p5
    i32.const 1536
    i32.add
    local.set $l18
    local.get $p0
    local.get $p1
    local.get $p2
    local.get $p3
    local.get $p4
    local.get $l17
    call $cost
    local.set $l20
    f64.const 0x1.0624dd2f1a9fcp-10 (;=0.001;)
    local.set $l21
    block $B0
      loop $L1
        local.get $l6
        i32.const 30
        i32.ge_s
        br_if $B0
        f64.const 0x0p+0 (;=0;)
        local.set $l42
        f64.const 0x0p+0 (;=0;)
        local.set $l43
        f64.const 0x0p+0 (;=0;)
        local.set $l44
        f64.const 0x0p+0 (;=0;)
        local.set $l45
        f64.const 0x0p+0 (;=0;)
        local.set $l46
        f64.const 0x0p+0 (;=0;)
        local.set $l47
        f64.const 0x0p+0 (;=0;)
        local.set $l48
        f64.const 0x0p+0 (;=0;)
        local.set $l49
        f64.const 0x0p+0 (;=0;)
        local.set $l50
        f64.const 0x0p+0 (;=0;)
        local.set $l51
        f64.const 0x0p+0 (;=0;)
        local.set $l52
        f64.const 0x0p+0 (;=0;)
        local.set $l53
        f64.const 0x0p+0 (;=0;)
        local.set $l54
        f64.const 0x0p+0 (;=0;)
        local.set $l55
        local.get $p4
        f64.load
        local.set $l22
        local.get $p4
        f64.load offset=8
        local.set $l23
        local.get $p4
        f64.load offset=16
        local.set $l24
        local.get $p4
        f64.load offset=24
        local.set $l25
        local.get $l24
        f64.const 0x1.62e42fefa39efp-1 (;=0.693147;)
        f64.mul
        call $env.expm1
        local.set $l26
        local.get $l24
        f64.const 0x1.0c6f7a0b5ed8dp-20 (;=1e-06;)
        f64.lt
        if $I2 (result f64)
          f64.const 0x1.62e42fefa39efp-1 (;=0.693147;)
        else
          local.get $l26
          local.get $l24
          f64.div
        end
        local.set $l27
        local.get $l24
        f64.const 0x1p-1 (;=0.5;)
        f64.lt
        if $I3 (result f64)
          f64.const 0x1.a36e2eb1c432dp-14 (;=0.0001;)
        else
          f64.const -0x1.a36e2eb1c432dp-14 (;=-0.0001;)
        end
        local.set $l28
        local.get $l24
        local.get $l28
        f64.add
        f64.const 0x1.62e42fefa39efp-1 (;=0.693147;)
        f64.mul
        call $env.expm1
        local.set $l29
        local.get $l24
        f64.const 0x1.0624dd2f1a9fcp-10 (;=0.001;)
        f64.ge
        local.set $l10
        i32.const 0
        local.set $l8
        block $B4
          loop $L5
            local.get $l8
            local.get $p3
            i32.ge_s
            br_if $B4
            local.get $p0
            local.get $l8
            i32.const 3
            i32.shl
            i32.add
            f64.load
            local.set $l30
            f64.const 0x1p+1 (;=2;)
            local.get $l30
            f64.mul
            local.get $l23
            f64.div
            local.set $l31
            local.get $l31
            local.get $l31
            f64.mul
            local.set $l32
            local.get $l10
            if $I6 (result f64)
              local.get $l17
              local.get $l8
              i32.const 3
              i32.shl
              i32.add
              f64.load offset=512
            else
              f64.const 0x0p+0 (;=0;)
            end
            local.set $l33
            local.get $l17
            local.get $l8
            i32.const 3
            i32.shl
            i32.add
            f64.load
            local.set $l34
            local.get $l34
            local.set $l35
            local.get $l22
            local.get $l34
            f64.mul
            local.get $l27
            f64.mul
            f64.const 0x1p+1 (;=2;)
            f64.mul
            local.get $l32
            f64.mul
            f64.const 0x1p+0 (;=1;)
            local.get $l26
            local.get $l32
            f64.mul
            f64.add
            local.get $l23
            f64.mul
            f64.div
            local.set $l36
            local.get $l10
            if $I7 (result f64)
              local.get $l22
              local.get $l34
              f64.mul
              local.get $l33
              local.get $l24
              local.get $l24
              f64.mul
              f64.div
              local.get $l32
              f64.const 0x1.62e42fefa39efp-1 (;=0.693147;)
              f64.mul
              f64.const 0x1p+0 (;=1;)
              local.get $l26
              f64.add
              f64.mul
              local.get $l24
              f64.const 0x1p+0 (;=1;)
              local.get $l26
              local.get $l32
              f64.mul
              f64.add
              f64.mul
              f64.div
              f64.sub
              f64.mul
            else
              local.get $l30
              local.get $l22
              local.get $l23
              local.get $l24
              local.get $l28
              f64.add
              local.get $l29
              local.get $l25
              call $moffat
              local.get $l25
              f64.sub
              local.get $l22
              local.get $l34
              f64.mul
              f64.sub
              local.get $l28
              f64.div
            end
            local.set $l37
            f64.const 0x1p+0 (;=1;)
            local.set $l38
            local.get $p2
            local.get $l8
            i32.const 3
            i32.shl
            i32.add
            f64.load
            local.set $l39
            local.get $p1
            local.get $l8
            i32.const 3
            i32.shl
            i32.add
            f64.load
            local.get $l25
            f64.sub
            local.get $l22
            local.get $l34
            f64.mul
            f64.sub
            local.set $l40
            local.get $l42
            local.get $l39
            local.get $l35
            f64.mul
            local.get $l40
            f64.mul
            f64.add
            local.set $l42
            local.get $l46
            local.get $l39
            local.get $l35
            f64.mul
            local.get $l35
            f64.mul
            f64.add
            local.set $l46
            local.get $l47
            local.get $l39
            local.get $l35
            f64.mul
            local.get $l36
            f64.mul
            f64.add
            local.set $l47
            local.get $l48
            local.get $l39
            local.get $l35
            f64.mul
            local.get $l37
            f64.mul
            f64.add
            local.set $l48
            local.get $l49
            local.get $l39
            local.get $l35
            f64.mul
            local.get $l38
            f64.mul
            f64.add
            local.set $l49
            local.get $l43
            local.get $l39
            local.get $l36
            f64.mul
            local.get $l40
            f64.mul
            f64.add
            local.set $l43
            local.get $l50
            local.get $l39
            local.get $l36
            f64.mul
            local.get $l36
            f64.mul
            f64.add
            local.set $l50
            local.get $l51
            local.get $l39
            local.get $l36
            f64.mul
            local.get $l37
            f64.mul
            f64.add
            local.set $l51
            local.get $l52
            local.get $l39
            local.get $l36
            f64.mul
            local.get $l38
            f64.mul
            f64.add
            local.set $l52
            local.get $l44
            local.get $l39
            local.get $l37
            f64.mul
            local.get $l40
            f64.mul
            f64.add
            local.set $l44
            local.get $l53
            local.get $l39
            local.get $l37
            f64.mul
            local.get $l37
            f64.mul
            f64.add
            local.set $l53
            local.get $l54
            local.get $l39
            local.get $l37
            f64.mul
            local.get $l38
            f64.mul
            f64.add
            local.set $l54
            local.get $l45
            local.get $l39
            local.get $l38
            f64.mul
            local.get $l40
            f64.mul
            f64.add
            local.set $l45
            local.get $l55
            local.get $l39
            local.get $l38
            f64.mul
            local.get $l38
            f64.mul
            f64.add
            local.set $l55
            local.get $l8
            i32.const 1
            i32.add
            local.set $l8
            br $L5
          end
        end
        local.get $l12
        local.get $l42
        f64.store
        local.get $l11
        local.get $l46
        f64.store
        local.get $l11
        local.get $l47
        f64.store offset=8
        local.get $l11
        local.get $l48
        f64.store offset=16
        local.get $l11
        local.get $l49
        f64.store offset=24
        local.get $l12
        local.get $l43
        f64.store offset=8
        local.get $l11
        local.get $l47
        f64.store offset=32
        local.get $l11
        local.get $l50
        f64.store offset=40
        local.get $l11
        local.get $l51
        f64.store offset=48
        local.get $l11
        local.get $l52
        f64.store offset=56
        local.get $l12
        local.get $l44
        f64.store offset=16
        local.get $l11
        local.get $l48
        f64.store offset=64
        local.get $l11
        local.get $l51
        f64.store offset=72
        local.get $l11
        local.get $l53
        f64.store offset=80
        local.get $l11
        local.get $l54
        f64.store offset=88
        local.get $l12
        local.get $l45
        f64.store offset=24
        local.get $l11
        local.get $l49
        f64.store offset=96
        local.get $l11
        local.get $l52
        f64.store offset=104
        local.get $l11
        local.get $l54
        f64.store offset=112
        local.get $l11
        local.get $l55
        f64.store offset=120
        i32.const 0
        local.set $l9
        i32.const 0
        local.set $l7
        block $B8
          loop $L9
            local.get $l7
            i32.const 10
            i32.ge_s
            br_if $B8
            local.get $l13
            local.get $l11
            f64.load
            f64.const 0x1p+0 (;=1;)
            local.get $l21
            f64.add
            f64.mul
            f64.store
            local.get $l13
            local.get $l11
            f64.load offset=8
            f64.store offset=8
            local.get $l13
            local.get $l11
            f64.load offset=16
            f64.store offset=16
            local.get $l13
            local.get $l11
            f64.load offset=24
            f64.store offset=24
            local.get $l13
            local.get $l11
            f64.load offset=32
            f64.store offset=32
            local.get $l13
            local.get $l11
            f64.load offset=40
            f64.const 0x1p+0 (;=1;)
            local.get $l21
            f64.add
            f64.mul
            f64.store offset=40
            local.get $l13
            local.get $l11
            f64.load offset=48
            f64.store offset=48
            local.get $l13
            local.get $l11
            f64.load offset=56
            f64.store offset=56
            local.get $l13
            local.get $l11
            f64.load offset=64
            f64.store offset=64
            local.get $l13
            local.get $l11
            f64.load offset=72
            f64.store offset=72
            local.get $l13
            local.get $l11
            f64.load offset=80
            f64.const 0x1p+0 (;=1;)
            local.get $l21
            f64.add
            f64.mul
            f64.store offset=80
            local.get $l13
            local.get $l11
            f64.load offset=88
            f64.store offset=88
            local.get $l13
            local.get $l11
            f64.load offset=96
            f64.store offset=96
            local.get $l13
            local.get $l11
            f64.load offset=104
            f64.store offset=104
            local.get $l13
            local.get $l11
            f64.load offset=112
            f64.store offset=112
            local.get $l13
            local.get $l11
            f64.load offset=120
            f64.const 0x1p+0 (;=1;)
            local.get $l21
            f64.add
            f64.mul
            f64.store offset=120
            local.get $l13
            local.get $l12
            local.get $l14
            local.get $l15
            call $solve4
            i32.eqz
            if $I10
              i32.const 0
              return
            end
            local.get $l16
            local.get $p4
            f64.load
            local.get $l15
            f64.load
            f64.add
            f64.store
            local.get $l16
            local.get $p4
            f64.load offset=8
            local.get $l15
            f64.load offset=8
            f64.add
            f64.store offset=8
            local.get $l16
            local.get $p4
            f64.load offset=16
            local.get $l15
            f64.load offset=16
            f64.add
            f64.store offset=16
            local.get $l16
            local.get $p4
            f64.load offset=24
            local.get $l15
            f64.load offset=24
            f64.add
            f64.store offset=24
            local.get $l16
            local.get $l16
            f64.load offset=8
            f64.const 0x1.3333333333333p-2 (;=0.3;)
            f64.max
            f64.const 0x1.9p+7 (;=200;)
            f64.min
            f64.store offset=8
            local.get $l16
            local.get $l16
            f64.load offset=16
            f64.const 0x0p+0 (;=0;)
            f64.max
            f64.const 0x1p+0 (;=1;)
            f64.min
            f64.store offset=16
            local.get $p0
            local.get $p1
            local.get $p2
            local.get $p3
            local.get $l16
            local.get $l18
            call $cost
            local.set $l41
            local.get $l41
            local.get $l20
            f64.lt
            if $I11
              local.get $l20
              local.get $l41
              f64.sub
              local.get $l20
              f64.const 0x1.56e1fc2f8f359p-997 (;=1e-300;)
              f64.max
              f64.div
              f64.const 0x1.0c6f7a0b5ed8dp-20 (;=1e-06;)
              f64.gt
              local.set $l9
              local.get $p4
              local.get $l16
              f64.load
              f64.store
              local.get $p4
              local.get $l16
              f64.load offset=8
              f64.store offset=8
              local.get $p4
              local.get $l16
              f64.load offset=16
              f64.store offset=16
              local.get $p4
              local.get $l16
              f64.load offset=24
              f64.store offset=24
              local.get $l17
              local.set $l19
              local.get $l18
              local.set $l17
              local.get $l19
              local.set $l18
              local.get $l41
              local.set $l20
              local.get $l21
              f64.const 0x1.8p+1 (;=3;)
              f64.div
              f64.const 0x1.12e0be826d695p-30 (;=1e-09;)
              f64.max
              local.set $l21
              br $B8
            end
            local.get $l21
            f64.const 0x1p+2 (;=4;)
            f64.mul
            local.set $l21
            local.get $l7
            i32.const 1
            i32.add
            local.set $l7
            br $L9
          end
        end
        local.get $l9
        i32.eqz
        br_if $B0
        local.get $l6
        i32.const 1
        i32.add
        local.set $l6
        br $L1
      end
    end
    local.get $p4
    f64.load
    f64.const 0x0p+0 (;=0;)
    f64.gt
    local.get $p4
    f64.load offset=8
    local.get $p4
    f64.load offset=8
    f64.sub
    f64.const 0x0p+0 (;=0;)
    f64.eq
    i32.and)
  (func $exp (type $t0) (param $p0 f64) (result f64)
    (local $l1 i32) (local $l2 i32) (local $l3 i32) (local $l4 f64) (local $l5 f64) (local $l6 f64) (local $l7 f64) (local $l8 f64) (local $l9 f64)
    local.get $p0
    i64.reinterpret_f64
    i64.const 32
    i64.shr_u
    i32.wrap_i64
    local.set $l1
    local.get $l1
    i32.const 31
    i32.shr_u
    local.set $l2
    local.get $l1
    i32.const 2147483647
    i32.and
    local.set $l1
    local.get $l1
    i32.const 1082535490
    i32.ge_u
    if $I0
      local.get $l1
      i32.const 2146435072
      i32.ge_u
      if $I1
        local.get $l1
        i32.const 1048575
        i32.and
        local.get $p0
        i64.reinterpret_f64
        i32.wrap_i64
        i32.or
        i32.const 0
        i32.ne
        if $I2
          local.get $p0
          local.get $p0
          f64.add
          return
        end
        local.get $l2
        i32.const 0
        i32.eq
        if $I3
          local.get $p0
          return
        end
        f64.const 0x0p+0 (;=0;)
        return
      end
      local.get $p0
      f64.const 0x1.62e42fefa39efp+9 (;=709.783;)
      f64.gt
      if $I4
        f64.const inf (;=inf;)
        return
      end
      local.get $p0
      f64.const -0x1.74910d52d3051p+9 (;=-745.133;)
      f64.lt
      if $I5
        f64.const 0x1p-1000 (;=9.33264e-302;)
        f64.const 0x1p-1000 (;=9.33264e-302;)
        f64.mul
        return
      end
    end
    local.get $l1
    i32.const 1071001154
    i32.gt_u
    if $I6
      local.get $l1
      i32.const 1072734898
      i32.lt_u
      if $I7
        local.get $p0
        f64.const 0x1p+0 (;=1;)
        f64.eq
        if $I8
          f64.const 0x1.5bf0a8b145769p+1 (;=2.71828;)
          return
        end
        local.get $p0
        f64.const -0x1.62e42feep-1 (;=-0.693147;)
        f64.const 0x1.62e42feep-1 (;=0.693147;)
        local.get $l2
        select
        f64.sub
        local.set $l4
        f64.const -0x1.a39ef35793c76p-33 (;=-1.90821e-10;)
        f64.const 0x1.a39ef35793c76p-33 (;=1.90821e-10;)
        local.get $l2
        select
        local.set $l5
        i32.const 1
        local.get $l2
        i32.sub
        local.get $l2
        i32.sub
        local.set $l3
      else
        f64.const 0x1.71547652b82fep+0 (;=1.4427;)
        local.get $p0
        f64.mul
        f64.const -0x1p-1 (;=-0.5;)
        f64.const 0x1p-1 (;=0.5;)
        local.get $l2
        select
        f64.add
        i32.trunc_f64_s
        local.set $l3
        local.get $l3
        f64.convert_i32_s
        local.set $l6
        local.get $p0
        local.get $l6
        f64.const 0x1.62e42feep-1 (;=0.693147;)
        f64.mul
        f64.sub
        local.set $l4
        local.get $l6
        f64.const 0x1.a39ef35793c76p-33 (;=1.90821e-10;)
        f64.mul
        local.set $l5
      end
      local.get $l4
      local.get $l5
      f64.sub
      local.set $p0
    else
      local.get $l1
      i32.const 1043333120
      i32.lt_u
      if $I9
        f64.const 0x1p+0 (;=1;)
        local.get $p0
        f64.add
        return
      end
    end
    local.get $p0
    local.get $p0
    f64.mul
    local.set $l6
    local.get $l3
    i32.const -1021
    i32.ge_s
    if $I10 (result f64)
      local.get $l3
      i32.const 0
      i32.add
      i32.const 20
      i32.shl
      i32.const 1072693248
      i32.add
      i64.extend_i32_u
      i64.const 32
      i64.shl
      f64.reinterpret_i64
    else
      local.get $l3
      i32.const 1000
      i32.add
      i32.const 20
      i32.shl
      i32.const 1072693248
      i32.add
      i64.extend_i32_u
      i64.const 32
      i64.shl
      f64.reinterpret_i64
    end
    local.set $l9
    local.get $p0
    local.get $l6
    f64.const 0x1.555555555553ep-3 (;=0.166667;)
    local.get $l6
    f64.const -0x1.6c16c16bebd93p-9 (;=-0.00277778;)
    local.get $l6
    f64.const 0x1.1566aaf25de2cp-14 (;=6.61376e-05;)
    local.get $l6
    f64.const -0x1.bbd41c5d26bf1p-20 (;=-1.65339e-06;)
    local.get $l6
    f64.const 0x1.6376972bea4dp-25 (;=4.13814e-08;)
    f64.mul
    f64.add
    f64.mul
    f64.add
    f64.mul
    f64.add
    f64.mul
    f64.add
    f64.mul
    f64.sub
    local.set $l7
    local.get $l3
    i32.eqz
    if $I11
      f64.const 0x1p+0 (;=1;)
      local.get $p0
      local.get $l7
      f64.mul
      local.get $l7
      f64.const 0x1p+1 (;=2;)
      f64.sub
      f64.div
      local.get $p0
      f64.sub
      f64.sub
      return
    end
    f64.const 0x1p+0 (;=1;)
    local.get $l5
    local.get $p0
    local.get $l7
    f64.mul
    f64.const 0x1p+1 (;=2;)
    local.get $l7
    f64.sub
    f64.div
    f64.sub
    local.get $l4
    f64.sub
    f64.sub
    local.set $l8
    local.get $l3
    i32.const -1021
    i32.ge_s
    if $I12 (result f64)
      local.get $l3
      i32.const 1024
      i32.eq
      if $I13 (result f64)
        local.get $l8
        f64.const 0x1p+1 (;=2;)
        f64.mul
        f64.const 0x1p+1023 (;=8.98847e+307;)
        f64.mul
      else
        local.get $l8
        local.get $l9
        f64.mul
      end
    else
      local.get $l8
      local.get $l9
      f64.mul
      f64.const 0x1p-1000 (;=9.33264e-302;)
      f64.mul
    end)
  (func $log1p (type $t0) (param $p0 f64) (result f64)
    (local $l1 i32) (local $l2 i32) (local $l3 i32) (local $l4 i32) (local $l5 f64) (local $l6 f64) (local $l7 f64) (local $l8 f64) (local $l9 f64) (local $l10 f64) (local $l11 f64) (local $l12 f64)
    local.get $p0
    i64.reinterpret_f64
    i64.const 32
    i64.shr_u
    i32.wrap_i64
    local.set $l1
    local.get $l1
    i32.const 2147483647
    i32.and
    local.set $l2
    i32.const 1
    local.set $l4
    local.get $l1
    i32.const 1071284858
    i32.lt_s
    if $I0
      local.get $l2
      i32.const 1072693248
      i32.ge_u
      if $I1
        local.get $p0
        f64.const -0x1p+0 (;=-1;)
        f64.eq
        if $I2
          f64.const -inf (;=-inf;)
          return
        end
        f64.const nan (;=nan;)
        return
      end
      local.get $l2
      i32.const 1042284544
      i32.lt_u
      if $I3
        f64.const 0x1p+54 (;=1.80144e+16;)
        local.get $p0
        f64.add
        f64.const 0x0p+0 (;=0;)
        f64.gt
        local.get $l2
        i32.const 1016070144
        i32.lt_u
        i32.and
        if $I4
          local.get $p0
          return
        end
        local.get $p0
        local.get $p0
        local.get $p0
        f64.mul
        f64.const 0x1p-1 (;=0.5;)
        f64.mul
        f64.sub
        return
      end
      local.get $l1
      i32.const 0
      i32.gt_s
      local.get $l1
      i32.const -1076707644
      i32.le_s
      i32.or
      if $I5
        i32.const 0
        local.set $l4
        local.get $p0
        local.set $l7
        i32.const 1
        local.set $l3
      end
    end
    local.get $l1
    i32.const 2146435072
    i32.ge_s
    if $I6
      local.get $p0
      local.get $p0
      f64.add
      return
    end
    local.get $l4
    i32.eqz
    i32.eqz
    if $I7
      local.get $l1
      i32.const 1128267776
      i32.lt_s
      if $I8
        f64.const 0x1p+0 (;=1;)
        local.get $p0
        f64.add
        local.set $l5
        local.get $l5
        i64.reinterpret_f64
        i64.const 32
        i64.shr_u
        i32.wrap_i64
        local.set $l3
        local.get $l3
        i32.const 20
        i32.shr_s
        i32.const 1023
        i32.sub
        local.set $l4
        local.get $l4
        i32.const 0
        i32.gt_s
        if $I9 (result f64)
          f64.const 0x1p+0 (;=1;)
          local.get $l5
          local.get $p0
          f64.sub
          f64.sub
        else
          local.get $p0
          local.get $l5
          f64.const 0x1p+0 (;=1;)
          f64.sub
          f64.sub
        end
        local.get $l5
        f64.div
        local.set $l6
      else
        local.get $p0
        local.set $l5
        local.get $l5
        i64.reinterpret_f64
        i64.const 32
        i64.shr_u
        i32.wrap_i64
        local.set $l3
        local.get $l3
        i32.const 20
        i32.shr_s
        i32.const 1023
        i32.sub
        local.set $l4
        f64.const 0x0p+0 (;=0;)
        local.set $l6
      end
      local.get $l3
      i32.const 1048575
      i32.and
      local.set $l3
      local.get $l3
      i32.const 434334
      i32.lt_s
      if $I10
        local.get $l3
        i32.const 1072693248
        i32.or
        i64.extend_i32_u
        i64.const 32
        i64.shl
        local.get $l5
        i64.reinterpret_f64
        i64.const 4294967295
        i64.and
        i64.or
        f64.reinterpret_i64
        local.set $l5
      else
        local.get $l4
        i32.const 1
        i32.add
        local.set $l4
        local.get $l3
        i32.const 1071644672
        i32.or
        i64.extend_i32_u
        i64.const 32
        i64.shl
        local.get $l5
        i64.reinterpret_f64
        i64.const 4294967295
        i64.and
        i64.or
        f64.reinterpret_i64
        local.set $l5
        i32.const 1048576
        local.get $l3
        i32.sub
        i32.const 2
        i32.shr_s
        local.set $l3
      end
      local.get $l5
      f64.const 0x1p+0 (;=1;)
      f64.sub
      local.set $l7
    end
    f64.const 0x1p-1 (;=0.5;)
    local.get $l7
    f64.mul
    local.get $l7
    f64.mul
    local.set $l8
    local.get $l4
    f64.convert_i32_s
    local.set $l12
    local.get $l3
    i32.eqz
    if $I11
      local.get $l7
      f64.const 0x0p+0 (;=0;)
      f64.eq
      if $I12
        local.get $l4
        i32.eqz
        if $I13
          f64.const 0x0p+0 (;=0;)
          return
        end
        local.get $l6
        local.get $l12
        f64.const 0x1.a39ef35793c76p-33 (;=1.90821e-10;)
        f64.mul
        f64.add
        local.set $l6
        local.get $l12
        f64.const 0x1.62e42feep-1 (;=0.693147;)
        f64.mul
        local.get $l6
        f64.add
        return
      end
      local.get $l8
      f64.const 0x1p+0 (;=1;)
      f64.const 0x1.5555555555555p-1 (;=0.666667;)
      local.get $l7
      f64.mul
      f64.sub
      f64.mul
      local.set $l11
      local.get $l4
      i32.eqz
      if $I14
        local.get $l7
        local.get $l11
        f64.sub
        return
      end
      local.get $l12
      f64.const 0x1.62e42feep-1 (;=0.693147;)
      f64.mul
      local.get $l11
      local.get $l12
      f64.const 0x1.a39ef35793c76p-33 (;=1.90821e-10;)
      f64.mul
      local.get $l6
      f64.add
      f64.sub
      local.get $l7
      f64.sub
      f64.sub
      return
    end
    local.get $l7
    f64.const 0x1p+1 (;=2;)
    local.get $l7
    f64.add
    f64.div
    local.set $l9
    local.get $l9
    local.get $l9
    f64.mul
    local.set $l10
    local.get $l10
    f64.const 0x1.5555555555593p-1 (;=0.666667;)
    local.get $l10
    f64.const 0x1.999999997fa04p-2 (;=0.4;)
    local.get $l10
    f64.const 0x1.2492494229359p-2 (;=0.285714;)
    local.get $l10
    f64.const 0x1.c71c51d8e78afp-3 (;=0.222222;)
    local.get $l10
    f64.const 0x1.7466496cb03dep-3 (;=0.181836;)
    local.get $l10
    f64.const 0x1.39a09d078c69fp-3 (;=0.153138;)
    local.get $l10
    f64.const 0x1.2f112df3e5244p-3 (;=0.147982;)
    f64.mul
    f64.add
    f64.mul
    f64.add
    f64.mul
    f64.add
    f64.mul
    f64.add
    f64.mul
    f64.add
    f64.mul
    f64.add
    f64.mul
    local.set $l11
    local.get $l4
    i32.eqz
    if $I15
      local.get $l7
      local.get $l8
      local.get $l9
      local.get $l8
      local.get $l11
      f64.add
      f64.mul
      f64.sub
      f64.sub
      return
    end
    local.get $l12
    f64.const 0x1.62e42feep-1 (;=0.693147;)
    f64.mul
    local.get $l8
    local.get $l9
    local.get $l8
    local.get $l11
    f64.add
    f64.mul
    local.get $l12
    f64.const 0x1.a39ef35793c76p-33 (;=1.90821e-10;)
    f64.mul
    local.get $l6
    f64.add
    f64.add
    f64.sub
    local.get $l7
    f64.sub
    f64.sub)
  (export "moffat" (func $moffat))
  (export "cost" (func $cost))
  (export "solve4" (func $solve4))
  (export "fit" (func $fit))
  (export "exp" (func $exp))
  (export "log1p" (func $log1p)))
