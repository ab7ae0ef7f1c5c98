(module
  (type $t0 (func (param i32 i32 i32 i32)))
  (type $t1 (func (param i32 i32) (result f64)))
  (type $t2 (func (param i32 i32 i32) (result f64)))
  (type $t3 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "env" "memory" (memory $env.memory 0 65536 shared))
  (func $wirth (type $t0) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32)
    (local $l4 i32) (local $l5 i32) (local $l6 i32) (local $l7 i32) (local $l8 f64) (local $l9 f64)
    local.get $p1
    local.set $l4
    local.get $p2
    local.set $l5
    block $B0
      loop $L1
        local.get $l4
        local.get $l5
        i32.lt_s
        i32.eqz
        br_if $B0
        local.get $p0
        local.get $p3
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.set $l8
        local.get $l4
        local.set $l6
        local.get $l5
        local.set $l7
        loop $L2
          block $B3
            loop $L4
              local.get $p0
              local.get $l6
              i32.const 3
              i32.shl
              i32.add
              f64.load
              local.get $l8
              f64.lt
              i32.eqz
              br_if $B3
              local.get $l6
              i32.const 1
              i32.add
              local.set $l6
              br $L4
            end
          end
          block $B5
            loop $L6
              local.get $l8
              local.get $p0
              local.get $l7
              i32.const 3
              i32.shl
              i32.add
              f64.load
              f64.lt
              i32.eqz
              br_if $B5
              local.get $l7
              i32.const -1
              i32.add
              local.set $l7
              br $L6
            end
          end
          local.get $l6
          local.get $l7
          i32.le_s
          if $I7
            local.get $p0
            local.get $l6
            i32.const 3
            i32.shl
            i32.add
            f64.load
            local.set $l9
            local.get $p0
            local.get $l6
            i32.const 3
            i32.shl
            i32.add
            local.get $p0
            local.get $l7
            i32.const 3
            i32.shl
            i32.add
            f64.load
            f64.store
            local.get $p0
            local.get $l7
            i32.const 3
            i32.shl
            i32.add
            local.get $l9
            f64.store
            local.get $l6
            i32.const 1
            i32.add
            local.set $l6
            local.get $l7
            i32.const -1
            i32.add
            local.set $l7
          end
          local.get $l6
          local.get $l7
          i32.le_s
          br_if $L2
        end
        local.get $l7
        local.get $p3
        i32.lt_s
        if $I8
          local.get $l6
          local.set $l4
        end
        local.get $p3
        local.get $l6
        i32.lt_s
        if $I9
          local.get $l7
          local.set $l5
        end
        br $L1
      end
    end)
  (func $median (type $t1) (param $p0 i32) (param $p1 i32) (result f64)
    (local $l2 i32) (local $l3 i32) (local $l4 f64) (local $l5 f64)
    local.get $p1
    i32.const 1
    i32.shr_s
    local.set $l2
    local.get $p1
    i32.const 1
    i32.and
    if $I0 (result f64)
      local.get $p0
      i32.const 0
      local.get $p1
      i32.const 1
      i32.sub
      local.get $l2
      call $wirth
      local.get $p0
      local.get $l2
      i32.const 3
      i32.shl
      i32.add
      f64.load
    else
      local.get $p0
      i32.const 0
      local.get $p1
      i32.const 1
      i32.sub
      local.get $l2
      i32.const 1
      i32.sub
      call $wirth
      local.get $p0
      local.get $l2
      i32.const 3
      i32.shl
      i32.add
      f64.load
      local.set $l4
      local.get $l2
      i32.const 1
      i32.add
      local.set $l3
      block $B1
        loop $L2
          local.get $l3
          local.get $p1
          i32.ge_s
          br_if $B1
          local.get $p0
          local.get $l3
          i32.const 3
          i32.shl
          i32.add
          f64.load
          local.set $l5
          local.get $l5
          local.get $l4
          f64.lt
          if $I3
            local.get $l5
            local.set $l4
          end
          local.get $l3
          i32.const 1
          i32.add
          local.set $l3
          br $L2
        end
      end
      local.get $p0
      local.get $l2
      i32.const 1
      i32.sub
      i32.const 3
      i32.shl
      i32.add
      f64.load
      local.get $l4
      f64.add
      f64.const 0x1p+1 (;=2;)
      f64.div
    end)
  (func $clippedMedian (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (result f64)
    (local $l3 i32) (local $l4 i32) (local $l5 i32) (local $l6 i32) (local $l7 i32) (local $l8 i32) (local $l9 i32) (local $l10 f64) (local $l11 f64) (local $l12 f64) (local $l13 f64) (local $l14 f64)
    local.get $p0
    local.get $p2
    call $median
    local.set $l10
    i32.const 0
    local.set $l3
    block $B0
      loop $L1
        local.get $l3
        local.get $p2
        i32.const 1
        i32.sub
        i32.gt_s
        br_if $B0
        local.get $p1
        local.get $l3
        i32.const 3
        i32.shl
        i32.add
        local.get $p0
        local.get $l3
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.get $l10
        f64.sub
        f64.abs
        f64.store
        local.get $l3
        i32.const 1
        i32.add
        local.set $l3
        br $L1
      end
    end
    f64.const 0x1.7b8bac710cb29p+0 (;=1.4826;)
    local.get $p1
    local.get $p2
    call $median
    f64.mul
    local.set $l11
    local.get $l11
    f64.const 0x0p+0 (;=0;)
    f64.gt
    i32.eqz
    if $I2
      local.get $l10
      return
    end
    i32.const 0
    local.set $l3
    block $B3
      loop $L4
        local.get $l3
        local.get $p2
        i32.const 1
        i32.sub
        i32.gt_s
        br_if $B3
        local.get $p0
        local.get $l3
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.set $l12
        local.get $l12
        local.get $l10
        f64.sub
        f64.abs
        f64.const 0x1.8p+1 (;=3;)
        local.get $l11
        f64.mul
        f64.le
        i32.eqz
        if $I5
          local.get $l12
          local.get $l10
          f64.lt
          if $I6
            local.get $l5
            i32.const 1
            i32.add
            local.set $l5
          else
            local.get $l6
            i32.const 1
            i32.add
            local.set $l6
          end
        end
        local.get $l3
        i32.const 1
        i32.add
        local.set $l3
        br $L4
      end
    end
    local.get $p2
    local.get $l5
    i32.sub
    local.get $l6
    i32.sub
    local.set $l4
    local.get $l4
    i32.const 4
    i32.lt_s
    if $I7
      local.get $l10
      return
    end
    local.get $p2
    i32.const 1
    i32.sub
    i32.const 1
    i32.shr_s
    local.set $l7
    local.get $l4
    i32.const 1
    i32.sub
    i32.const 1
    i32.shr_s
    local.get $l5
    i32.add
    local.set $l8
    local.get $l7
    local.get $l8
    i32.lt_s
    if $I8
      local.get $p0
      local.get $l7
      i32.const 1
      i32.add
      local.get $p2
      i32.const 1
      i32.sub
      local.get $l8
      call $wirth
    end
    local.get $l8
    local.get $l7
    i32.lt_s
    if $I9
      local.get $p0
      i32.const 0
      local.get $l7
      i32.const 1
      i32.sub
      local.get $l8
      call $wirth
    end
    local.get $p0
    local.get $l8
    i32.const 3
    i32.shl
    i32.add
    f64.load
    local.set $l13
    local.get $l4
    i32.const 1
    i32.and
    if $I10
      local.get $l13
      return
    end
    local.get $l8
    local.get $l7
    i32.lt_s
    if $I11
      local.get $l7
      local.set $l9
    else
      local.get $p2
      i32.const 1
      i32.sub
      local.set $l9
    end
    f64.const inf (;=inf;)
    local.set $l14
    local.get $l8
    i32.const 1
    i32.add
    local.set $l3
    block $B12
      loop $L13
        local.get $l3
        local.get $l9
        i32.gt_s
        br_if $B12
        local.get $p0
        local.get $l3
        i32.const 3
        i32.shl
        i32.add
        f64.load
        local.set $l12
        local.get $l12
        local.get $l14
        f64.lt
        if $I14
          local.get $l12
          local.set $l14
        end
        local.get $l3
        i32.const 1
        i32.add
        local.set $l3
        br $L13
      end
    end
    local.get $l13
    local.get $l14
    f64.add
    f64.const 0x1p+1 (;=2;)
    f64.div)
  (func $cellSky (type $t3) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (param $p6 i32) (param $p7 i32) (param $p8 i32) (param $p9 i32)
    (local $l10 i32) (local $l11 i32) (local $l12 i32) (local $l13 i32) (local $l14 f64)
    local.get $p3
    local.set $l10
    block $B0
      loop $L1
        local.get $l10
        local.get $p4
        i32.ge_s
        br_if $B0
        local.get $l10
        local.get $p2
        i32.mul
        local.set $l12
        local.get $l12
        local.get $p5
        i32.add
        local.set $l11
        local.get $l12
        local.get $p6
        i32.add
        local.set $l12
        block $B2
          loop $L3
            local.get $l11
            local.get $l12
            i32.ge_s
            br_if $B2
            local.get $p0
            local.get $l11
            i32.const 2
            i32.shl
            i32.add
            f32.load
            f64.promote_f32
            local.set $l14
            local.get $l14
            local.get $l14
            f64.sub
            f64.const 0x0p+0 (;=0;)
            f64.eq
            if $I4
              local.get $p7
              local.get $l13
              i32.const 3
              i32.shl
              i32.add
              local.get $l14
              f64.store
              local.get $l13
              i32.const 1
              i32.add
              local.set $l13
            end
            local.get $l11
            i32.const 1
            i32.add
            local.set $l11
            br $L3
          end
        end
        local.get $l10
        i32.const 1
        i32.add
        local.set $l10
        br $L1
      end
    end
    local.get $p9
    local.get $l13
    i32.const 4
    i32.ge_s
    if $I5 (result f64)
      local.get $p7
      local.get $p8
      local.get $l13
      call $clippedMedian
    else
      f64.const nan (;=nan;)
    end
    f64.store
    i32.const 0
    local.set $l13
    local.get $p3
    local.set $l10
    block $B6
      loop $L7
        local.get $l10
        local.get $p4
        i32.ge_s
        br_if $B6
        local.get $l10
        local.get $p2
        i32.mul
        local.set $l12
        local.get $l12
        local.get $p5
        i32.add
        local.set $l11
        local.get $l12
        local.get $p6
        i32.add
        local.set $l12
        block $B8
          loop $L9
            local.get $l11
            local.get $l12
            i32.ge_s
            br_if $B8
            local.get $p0
            local.get $l11
            i32.const 2
            i32.shl
            i32.add
            f32.load
            f64.promote_f32
            local.get $p1
            local.get $l11
            i32.const 2
            i32.shl
            i32.add
            f32.load
            f64.promote_f32
            f64.sub
            local.set $l14
            local.get $l14
            local.get $l14
            f64.sub
            f64.const 0x0p+0 (;=0;)
            f64.eq
            if $I10
              local.get $p7
              local.get $l13
              i32.const 3
              i32.shl
              i32.add
              local.get $l14
              f64.const 0x0p+0 (;=0;)
              f64.lt
              if $I11 (result f64)
                local.get $l14
                f64.neg
              else
                local.get $l14
              end
              f64.store
              local.get $l13
              i32.const 1
              i32.add
              local.set $l13
            end
            local.get $l11
            i32.const 1
            i32.add
            local.set $l11
            br $L9
          end
        end
        local.get $l10
        i32.const 1
        i32.add
        local.set $l10
        br $L7
      end
    end
    local.get $p9
    local.get $l13
    i32.const 4
    i32.ge_s
    if $I12 (result f64)
      f64.const 0x1.7b8bac710cb29p+0 (;=1.4826;)
      local.get $p7
      local.get $l13
      call $median
      f64.mul
      f64.const 0x1.6a09e667f3bcdp+0 (;=1.41421;)
      f64.div
    else
      f64.const nan (;=nan;)
    end
    f64.store offset=8)
  (export "wirth" (func $wirth))
  (export "median" (func $median))
  (export "clippedMedian" (func $clippedMedian))
  (export "cellSky" (func $cellSky)))
