(module
  (type $t0 (func (param i32 i32)))
  (func $run (type $t0) (param $p0 i32) (param $p1 i32)
    (local $l2 v128) (local $l3 v128) (local $l4 v128) (local $l5 v128) (local $l6 v128) (local $l7 v128)
    loop $L0
      local.get $p0
      v128.load
      local.set $l2
      local.get $p0
      v128.load offset=4096
      local.set $l3
      local.get $p0
      v128.load offset=8192
      local.set $l4
      local.get $p0
      v128.load offset=12288
      local.set $l5
      local.get $p0
      v128.load offset=16384
      local.set $l6
      local.get $l2
      local.get $l2
      f32x4.ne
      local.get $l3
      local.get $l3
      f32x4.ne
      v128.or
      local.get $l4
      local.get $l4
      f32x4.ne
      v128.or
      local.get $l5
      local.get $l5
      f32x4.ne
      v128.or
      local.get $l6
      local.get $l6
      f32x4.ne
      v128.or
      local.set $l7
      local.get $p0
      local.get $l7
      v128.store offset=20480
      local.get $l2
      local.get $l3
      f32x4.pmin
      local.get $l2
      local.get $l3
      f32x4.pmax
      local.set $l3
      local.set $l2
      local.get $l4
      local.get $l5
      f32x4.pmin
      local.get $l4
      local.get $l5
      f32x4.pmax
      local.set $l5
      local.set $l4
      local.get $l2
      local.get $l4
      f32x4.pmin
      local.get $l2
      local.get $l4
      f32x4.pmax
      local.set $l4
      local.set $l2
      local.get $l3
      local.get $l5
      f32x4.pmin
      local.get $l3
      local.get $l5
      f32x4.pmax
      local.set $l5
      local.set $l3
      local.get $l3
      local.get $l4
      f32x4.pmin
      local.get $l3
      local.get $l4
      f32x4.pmax
      local.set $l4
      local.set $l3
      local.get $l2
      local.get $l6
      f32x4.pmin
      local.get $l2
      local.get $l6
      f32x4.pmax
      local.set $l6
      local.set $l2
      local.get $l4
      local.get $l6
      f32x4.pmin
      local.get $l4
      local.get $l6
      f32x4.pmax
      local.set $l6
      local.set $l4
      local.get $l3
      local.get $l4
      f32x4.pmin
      local.get $l3
      local.get $l4
      f32x4.pmax
      local.set $l4
      local.set $l3
      local.get $p0
      local.get $l4
      v128.store offset=8192
      local.get $p0
      i32.const 16
      i32.add
      local.tee $p0
      local.get $p1
      i32.lt_u
      br_if $L0
    end)
  (memory $memory 1)
  (export "run" (func $run))
  (export "memory" (memory $memory)))
