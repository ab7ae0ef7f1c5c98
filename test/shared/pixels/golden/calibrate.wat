(module
  (type $t0 (func (param i32 i32 i32 i32 i32 i32 f64 f64 f64)))
  (type $t1 (func (param i32 i32 i32)))
  (type $t2 (func (param i32 i32 i32 i32 i32 f64 f64 f64)))
  (import "env" "memory" (memory $env.memory 0 65536 shared))
  (func $calibrate16 (type $t0) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (param $p6 f64) (param $p7 f64) (param $p8 f64)
    (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 i32) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128) (local $l24 v128) (local $l25 v128)
    local.get $p6
    f64x2.splat
    local.set $l13
    local.get $p7
    f64x2.splat
    local.set $l14
    local.get $p8
    f64x2.splat
    local.set $l15
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.set $l16
    v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
    local.set $l17
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l18
    local.get $p1
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l10
    local.get $p1
    i32.const 3
    i32.and
    local.set $l12
    local.get $p0
    local.set $l11
    block $B0
      loop $L1
        local.get $l9
        local.get $l10
        i32.ge_u
        br_if $B0
        local.get $l11
        v128.load64_zero align=1
        local.set $l19
        local.get $p4
        local.get $l9
        i32.add
        v128.load align=1
        local.set $l22
        local.get $p5
        local.get $l9
        i32.add
        local.get $l19
        local.get $l18
        i8x16.swizzle
        i32.const 16
        i32x4.shr_s
        local.set $l23
        local.get $l23
        f64x2.convert_low_i32x4_s
        local.get $l14
        f64x2.mul
        local.get $l13
        f64x2.add
        local.get $p2
        local.get $l9
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        local.get $l15
        local.get $p3
        local.get $l9
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        local.get $p4
        local.get $l9
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.div
        f32x4.demote_f64x2_zero
        local.get $l23
        local.get $l23
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.convert_low_i32x4_s
        local.get $l14
        f64x2.mul
        local.get $l13
        f64x2.add
        local.get $p2
        local.get $l9
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        local.get $l15
        local.get $p3
        local.get $l9
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        local.get $p4
        local.get $l9
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.div
        f32x4.demote_f64x2_zero
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.tee $l24
        local.get $l24
        local.get $l24
        f32x4.sub
        local.get $l22
        f32x4.sqrt
        local.get $l16
        f32x4.mul
        f32x4.add
        f32x4.add
        local.get $l17
        i8x16.swizzle
        v128.store align=1
        local.get $l9
        i32.const 16
        i32.add
        local.set $l9
        local.get $l11
        i32.const 8
        i32.add
        local.set $l11
        br $L1
      end
    end
    local.get $l16
    local.set $l19
    local.get $l16
    local.set $l20
    local.get $l16
    local.set $l21
    local.get $l16
    local.set $l22
    local.get $l12
    i32.const 0
    i32.gt_u
    if $I2
      local.get $l11
      local.get $l19
      v128.load16_lane align=1 0
      local.set $l19
      local.get $p2
      local.get $l9
      i32.add
      local.get $l20
      v128.load32_lane align=1 0
      local.set $l20
      local.get $p3
      local.get $l9
      i32.add
      local.get $l21
      v128.load32_lane align=1 0
      local.set $l21
      local.get $p4
      local.get $l9
      i32.add
      local.get $l22
      v128.load32_lane align=1 0
      local.set $l22
    end
    local.get $l12
    i32.const 1
    i32.gt_u
    if $I3
      local.get $l11
      local.get $l19
      v128.load16_lane offset=2 align=1 1
      local.set $l19
      local.get $p2
      local.get $l9
      i32.add
      local.get $l20
      v128.load32_lane offset=4 align=1 1
      local.set $l20
      local.get $p3
      local.get $l9
      i32.add
      local.get $l21
      v128.load32_lane offset=4 align=1 1
      local.set $l21
      local.get $p4
      local.get $l9
      i32.add
      local.get $l22
      v128.load32_lane offset=4 align=1 1
      local.set $l22
    end
    local.get $l12
    i32.const 2
    i32.gt_u
    if $I4
      local.get $l11
      local.get $l19
      v128.load16_lane offset=4 align=1 2
      local.set $l19
      local.get $p2
      local.get $l9
      i32.add
      local.get $l20
      v128.load32_lane offset=8 align=1 2
      local.set $l20
      local.get $p3
      local.get $l9
      i32.add
      local.get $l21
      v128.load32_lane offset=8 align=1 2
      local.set $l21
      local.get $p4
      local.get $l9
      i32.add
      local.get $l22
      v128.load32_lane offset=8 align=1 2
      local.set $l22
    end
    local.get $l19
    local.get $l18
    i8x16.swizzle
    i32.const 16
    i32x4.shr_s
    local.set $l23
    local.get $l23
    f64x2.convert_low_i32x4_s
    local.get $l14
    f64x2.mul
    local.get $l13
    f64x2.add
    local.get $l20
    f64x2.promote_low_f32x4
    f64x2.sub
    local.get $l15
    local.get $l21
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    local.get $l22
    f64x2.promote_low_f32x4
    f64x2.div
    f32x4.demote_f64x2_zero
    local.get $l23
    local.get $l23
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.convert_low_i32x4_s
    local.get $l14
    f64x2.mul
    local.get $l13
    f64x2.add
    local.get $l20
    local.get $l20
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.sub
    local.get $l15
    local.get $l21
    local.get $l21
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    local.get $l22
    local.get $l22
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.div
    f32x4.demote_f64x2_zero
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.tee $l24
    local.get $l24
    local.get $l24
    f32x4.sub
    local.get $l22
    f32x4.sqrt
    local.get $l16
    f32x4.mul
    f32x4.add
    f32x4.add
    local.get $l17
    i8x16.swizzle
    local.set $l25
    local.get $l12
    i32.const 0
    i32.gt_u
    if $I5
      local.get $p5
      local.get $l9
      i32.add
      local.get $l25
      v128.store32_lane align=1 0
    end
    local.get $l12
    i32.const 1
    i32.gt_u
    if $I6
      local.get $p5
      local.get $l9
      i32.add
      local.get $l25
      v128.store32_lane offset=4 align=1 1
    end
    local.get $l12
    i32.const 2
    i32.gt_u
    if $I7
      local.get $p5
      local.get $l9
      i32.add
      local.get $l25
      v128.store32_lane offset=8 align=1 2
    end)
  (func $calibrate32f (type $t0) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (param $p6 f64) (param $p7 f64) (param $p8 f64)
    (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 i32) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128) (local $l24 v128) (local $l25 v128)
    local.get $p6
    f64x2.splat
    local.set $l13
    local.get $p7
    f64x2.splat
    local.set $l14
    local.get $p8
    f64x2.splat
    local.set $l15
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.set $l16
    v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
    local.set $l17
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l18
    local.get $p1
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l10
    local.get $p1
    i32.const 3
    i32.and
    local.set $l12
    local.get $p0
    local.set $l11
    block $B0
      loop $L1
        local.get $l9
        local.get $l10
        i32.ge_u
        br_if $B0
        local.get $l11
        v128.load align=1
        local.set $l19
        local.get $p4
        local.get $l9
        i32.add
        v128.load align=1
        local.set $l22
        local.get $p5
        local.get $l9
        i32.add
        local.get $l19
        local.get $l17
        i8x16.swizzle
        local.set $l23
        local.get $l23
        f64x2.promote_low_f32x4
        local.get $l14
        f64x2.mul
        local.get $l13
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l9
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        local.get $l15
        local.get $p3
        local.get $l9
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        local.get $p4
        local.get $l9
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.div
        f32x4.demote_f64x2_zero
        local.get $l23
        local.get $l23
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.promote_low_f32x4
        local.get $l14
        f64x2.mul
        local.get $l13
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l9
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        local.get $l15
        local.get $p3
        local.get $l9
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        local.get $p4
        local.get $l9
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.div
        f32x4.demote_f64x2_zero
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.tee $l24
        local.get $l24
        local.get $l24
        f32x4.sub
        local.get $l22
        f32x4.sqrt
        local.get $l16
        f32x4.mul
        f32x4.add
        f32x4.add
        local.get $l17
        i8x16.swizzle
        v128.store align=1
        local.get $l9
        i32.const 16
        i32.add
        local.set $l9
        local.get $l11
        i32.const 16
        i32.add
        local.set $l11
        br $L1
      end
    end
    local.get $l16
    local.set $l19
    local.get $l16
    local.set $l20
    local.get $l16
    local.set $l21
    local.get $l16
    local.set $l22
    local.get $l12
    i32.const 0
    i32.gt_u
    if $I2
      local.get $l11
      local.get $l19
      v128.load32_lane align=1 0
      local.set $l19
      local.get $p2
      local.get $l9
      i32.add
      local.get $l20
      v128.load32_lane align=1 0
      local.set $l20
      local.get $p3
      local.get $l9
      i32.add
      local.get $l21
      v128.load32_lane align=1 0
      local.set $l21
      local.get $p4
      local.get $l9
      i32.add
      local.get $l22
      v128.load32_lane align=1 0
      local.set $l22
    end
    local.get $l12
    i32.const 1
    i32.gt_u
    if $I3
      local.get $l11
      local.get $l19
      v128.load32_lane offset=4 align=1 1
      local.set $l19
      local.get $p2
      local.get $l9
      i32.add
      local.get $l20
      v128.load32_lane offset=4 align=1 1
      local.set $l20
      local.get $p3
      local.get $l9
      i32.add
      local.get $l21
      v128.load32_lane offset=4 align=1 1
      local.set $l21
      local.get $p4
      local.get $l9
      i32.add
      local.get $l22
      v128.load32_lane offset=4 align=1 1
      local.set $l22
    end
    local.get $l12
    i32.const 2
    i32.gt_u
    if $I4
      local.get $l11
      local.get $l19
      v128.load32_lane offset=8 align=1 2
      local.set $l19
      local.get $p2
      local.get $l9
      i32.add
      local.get $l20
      v128.load32_lane offset=8 align=1 2
      local.set $l20
      local.get $p3
      local.get $l9
      i32.add
      local.get $l21
      v128.load32_lane offset=8 align=1 2
      local.set $l21
      local.get $p4
      local.get $l9
      i32.add
      local.get $l22
      v128.load32_lane offset=8 align=1 2
      local.set $l22
    end
    local.get $l19
    local.get $l17
    i8x16.swizzle
    local.set $l23
    local.get $l23
    f64x2.promote_low_f32x4
    local.get $l14
    f64x2.mul
    local.get $l13
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l20
    f64x2.promote_low_f32x4
    f64x2.sub
    local.get $l15
    local.get $l21
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    local.get $l22
    f64x2.promote_low_f32x4
    f64x2.div
    f32x4.demote_f64x2_zero
    local.get $l23
    local.get $l23
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    local.get $l14
    f64x2.mul
    local.get $l13
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l20
    local.get $l20
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.sub
    local.get $l15
    local.get $l21
    local.get $l21
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    local.get $l22
    local.get $l22
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.div
    f32x4.demote_f64x2_zero
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.tee $l24
    local.get $l24
    local.get $l24
    f32x4.sub
    local.get $l22
    f32x4.sqrt
    local.get $l16
    f32x4.mul
    f32x4.add
    f32x4.add
    local.get $l17
    i8x16.swizzle
    local.set $l25
    local.get $l12
    i32.const 0
    i32.gt_u
    if $I5
      local.get $p5
      local.get $l9
      i32.add
      local.get $l25
      v128.store32_lane align=1 0
    end
    local.get $l12
    i32.const 1
    i32.gt_u
    if $I6
      local.get $p5
      local.get $l9
      i32.add
      local.get $l25
      v128.store32_lane offset=4 align=1 1
    end
    local.get $l12
    i32.const 2
    i32.gt_u
    if $I7
      local.get $p5
      local.get $l9
      i32.add
      local.get $l25
      v128.store32_lane offset=8 align=1 2
    end)
  (func $checksum (type $t1) (param $p0 i32) (param $p1 i32) (param $p2 i32)
    (local $l3 i32) (local $l4 v128) (local $l5 v128)
    local.get $p2
    v128.load align=1
    local.set $l4
    local.get $p2
    v128.load offset=16 align=1
    local.set $l5
    local.get $p0
    local.get $p1
    i32.const 4
    i32.shl
    i32.add
    local.set $l3
    block $B0
      loop $L1
        local.get $p0
        local.get $l3
        i32.ge_u
        br_if $B0
        local.get $l4
        local.get $p0
        v128.load align=1
        i32x4.add
        local.tee $l4
        local.get $l5
        i32x4.add
        local.set $l5
        local.get $p0
        i32.const 16
        i32.add
        local.set $p0
        br $L1
      end
    end
    local.get $p2
    local.get $l4
    v128.store align=1
    local.get $p2
    local.get $l5
    v128.store offset=16 align=1)
  (func $prepare16 (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 f64) (param $p6 f64) (param $p7 f64)
    (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    local.get $p5
    f64x2.splat
    local.set $l12
    local.get $p6
    f64x2.splat
    local.set $l13
    local.get $p7
    f64x2.splat
    local.set $l14
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.set $l15
    v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
    local.set $l16
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l17
    local.get $p1
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l9
    local.get $p1
    i32.const 3
    i32.and
    local.set $l11
    local.get $p0
    local.set $l10
    block $B0
      loop $L1
        local.get $l8
        local.get $l9
        i32.ge_u
        br_if $B0
        local.get $l10
        v128.load64_zero align=1
        local.set $l18
        local.get $p4
        local.get $l8
        i32.add
        local.get $l18
        local.get $l17
        i8x16.swizzle
        i32.const 16
        i32x4.shr_s
        local.set $l21
        local.get $l21
        f64x2.convert_low_i32x4_s
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l8
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        local.get $l14
        local.get $p3
        local.get $l8
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        f32x4.demote_f64x2_zero
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.convert_low_i32x4_s
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l8
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        local.get $l14
        local.get $p3
        local.get $l8
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        f32x4.demote_f64x2_zero
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.tee $l22
        local.get $l22
        local.get $l22
        f32x4.sub
        f32x4.add
        v128.store align=1
        local.get $l8
        i32.const 16
        i32.add
        local.set $l8
        local.get $l10
        i32.const 8
        i32.add
        local.set $l10
        br $L1
      end
    end
    local.get $l15
    local.set $l18
    local.get $l15
    local.set $l19
    local.get $l15
    local.set $l20
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I2
      local.get $l10
      local.get $l18
      v128.load16_lane align=1 0
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane align=1 0
      local.set $l19
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane align=1 0
      local.set $l20
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I3
      local.get $l10
      local.get $l18
      v128.load16_lane offset=2 align=1 1
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane offset=4 align=1 1
      local.set $l19
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane offset=4 align=1 1
      local.set $l20
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I4
      local.get $l10
      local.get $l18
      v128.load16_lane offset=4 align=1 2
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane offset=8 align=1 2
      local.set $l19
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane offset=8 align=1 2
      local.set $l20
    end
    local.get $l18
    local.get $l17
    i8x16.swizzle
    i32.const 16
    i32x4.shr_s
    local.set $l21
    local.get $l21
    f64x2.convert_low_i32x4_s
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l19
    f64x2.promote_low_f32x4
    f64x2.sub
    local.get $l14
    local.get $l20
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    f32x4.demote_f64x2_zero
    local.get $l21
    local.get $l21
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.convert_low_i32x4_s
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l19
    local.get $l19
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.sub
    local.get $l14
    local.get $l20
    local.get $l20
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    f32x4.demote_f64x2_zero
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.tee $l22
    local.get $l22
    local.get $l22
    f32x4.sub
    f32x4.add
    local.set $l23
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I5
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane align=1 0
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I6
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=4 align=1 1
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I7
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=8 align=1 2
    end)
  (func $prepare16Bias (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 f64) (param $p6 f64) (param $p7 f64)
    (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    local.get $p5
    f64x2.splat
    local.set $l12
    local.get $p6
    f64x2.splat
    local.set $l13
    local.get $p7
    f64x2.splat
    local.set $l14
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.set $l15
    v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
    local.set $l16
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l17
    local.get $p1
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l9
    local.get $p1
    i32.const 3
    i32.and
    local.set $l11
    local.get $p0
    local.set $l10
    block $B0
      loop $L1
        local.get $l8
        local.get $l9
        i32.ge_u
        br_if $B0
        local.get $l10
        v128.load64_zero align=1
        local.set $l18
        local.get $p4
        local.get $l8
        i32.add
        local.get $l18
        local.get $l17
        i8x16.swizzle
        i32.const 16
        i32x4.shr_s
        local.set $l21
        local.get $l21
        f64x2.convert_low_i32x4_s
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l8
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        f32x4.demote_f64x2_zero
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.convert_low_i32x4_s
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l8
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        f32x4.demote_f64x2_zero
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.tee $l22
        local.get $l22
        local.get $l22
        f32x4.sub
        f32x4.add
        v128.store align=1
        local.get $l8
        i32.const 16
        i32.add
        local.set $l8
        local.get $l10
        i32.const 8
        i32.add
        local.set $l10
        br $L1
      end
    end
    local.get $l15
    local.set $l18
    local.get $l15
    local.set $l19
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I2
      local.get $l10
      local.get $l18
      v128.load16_lane align=1 0
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane align=1 0
      local.set $l19
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I3
      local.get $l10
      local.get $l18
      v128.load16_lane offset=2 align=1 1
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane offset=4 align=1 1
      local.set $l19
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I4
      local.get $l10
      local.get $l18
      v128.load16_lane offset=4 align=1 2
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane offset=8 align=1 2
      local.set $l19
    end
    local.get $l18
    local.get $l17
    i8x16.swizzle
    i32.const 16
    i32x4.shr_s
    local.set $l21
    local.get $l21
    f64x2.convert_low_i32x4_s
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l19
    f64x2.promote_low_f32x4
    f64x2.sub
    f32x4.demote_f64x2_zero
    local.get $l21
    local.get $l21
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.convert_low_i32x4_s
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l19
    local.get $l19
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.sub
    f32x4.demote_f64x2_zero
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.tee $l22
    local.get $l22
    local.get $l22
    f32x4.sub
    f32x4.add
    local.set $l23
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I5
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane align=1 0
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I6
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=4 align=1 1
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I7
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=8 align=1 2
    end)
  (func $prepare16Dark (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 f64) (param $p6 f64) (param $p7 f64)
    (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    local.get $p5
    f64x2.splat
    local.set $l12
    local.get $p6
    f64x2.splat
    local.set $l13
    local.get $p7
    f64x2.splat
    local.set $l14
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.set $l15
    v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
    local.set $l16
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l17
    local.get $p1
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l9
    local.get $p1
    i32.const 3
    i32.and
    local.set $l11
    local.get $p0
    local.set $l10
    block $B0
      loop $L1
        local.get $l8
        local.get $l9
        i32.ge_u
        br_if $B0
        local.get $l10
        v128.load64_zero align=1
        local.set $l18
        local.get $p4
        local.get $l8
        i32.add
        local.get $l18
        local.get $l17
        i8x16.swizzle
        i32.const 16
        i32x4.shr_s
        local.set $l21
        local.get $l21
        f64x2.convert_low_i32x4_s
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $l14
        local.get $p3
        local.get $l8
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        f32x4.demote_f64x2_zero
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.convert_low_i32x4_s
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $l14
        local.get $p3
        local.get $l8
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        f32x4.demote_f64x2_zero
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.tee $l22
        local.get $l22
        local.get $l22
        f32x4.sub
        f32x4.add
        v128.store align=1
        local.get $l8
        i32.const 16
        i32.add
        local.set $l8
        local.get $l10
        i32.const 8
        i32.add
        local.set $l10
        br $L1
      end
    end
    local.get $l15
    local.set $l18
    local.get $l15
    local.set $l20
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I2
      local.get $l10
      local.get $l18
      v128.load16_lane align=1 0
      local.set $l18
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane align=1 0
      local.set $l20
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I3
      local.get $l10
      local.get $l18
      v128.load16_lane offset=2 align=1 1
      local.set $l18
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane offset=4 align=1 1
      local.set $l20
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I4
      local.get $l10
      local.get $l18
      v128.load16_lane offset=4 align=1 2
      local.set $l18
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane offset=8 align=1 2
      local.set $l20
    end
    local.get $l18
    local.get $l17
    i8x16.swizzle
    i32.const 16
    i32x4.shr_s
    local.set $l21
    local.get $l21
    f64x2.convert_low_i32x4_s
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l14
    local.get $l20
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    f32x4.demote_f64x2_zero
    local.get $l21
    local.get $l21
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.convert_low_i32x4_s
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l14
    local.get $l20
    local.get $l20
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    f32x4.demote_f64x2_zero
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.tee $l22
    local.get $l22
    local.get $l22
    f32x4.sub
    f32x4.add
    local.set $l23
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I5
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane align=1 0
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I6
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=4 align=1 1
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I7
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=8 align=1 2
    end)
  (func $prepare32f (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 f64) (param $p6 f64) (param $p7 f64)
    (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    local.get $p5
    f64x2.splat
    local.set $l12
    local.get $p6
    f64x2.splat
    local.set $l13
    local.get $p7
    f64x2.splat
    local.set $l14
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.set $l15
    v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
    local.set $l16
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l17
    local.get $p1
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l9
    local.get $p1
    i32.const 3
    i32.and
    local.set $l11
    local.get $p0
    local.set $l10
    block $B0
      loop $L1
        local.get $l8
        local.get $l9
        i32.ge_u
        br_if $B0
        local.get $l10
        v128.load align=1
        local.set $l18
        local.get $p4
        local.get $l8
        i32.add
        local.get $l18
        local.get $l16
        i8x16.swizzle
        local.set $l21
        local.get $l21
        f64x2.promote_low_f32x4
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l8
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        local.get $l14
        local.get $p3
        local.get $l8
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        f32x4.demote_f64x2_zero
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.promote_low_f32x4
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l8
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        local.get $l14
        local.get $p3
        local.get $l8
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        f32x4.demote_f64x2_zero
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.tee $l22
        local.get $l22
        local.get $l22
        f32x4.sub
        f32x4.add
        v128.store align=1
        local.get $l8
        i32.const 16
        i32.add
        local.set $l8
        local.get $l10
        i32.const 16
        i32.add
        local.set $l10
        br $L1
      end
    end
    local.get $l15
    local.set $l18
    local.get $l15
    local.set $l19
    local.get $l15
    local.set $l20
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I2
      local.get $l10
      local.get $l18
      v128.load32_lane align=1 0
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane align=1 0
      local.set $l19
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane align=1 0
      local.set $l20
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I3
      local.get $l10
      local.get $l18
      v128.load32_lane offset=4 align=1 1
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane offset=4 align=1 1
      local.set $l19
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane offset=4 align=1 1
      local.set $l20
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I4
      local.get $l10
      local.get $l18
      v128.load32_lane offset=8 align=1 2
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane offset=8 align=1 2
      local.set $l19
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane offset=8 align=1 2
      local.set $l20
    end
    local.get $l18
    local.get $l16
    i8x16.swizzle
    local.set $l21
    local.get $l21
    f64x2.promote_low_f32x4
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l19
    f64x2.promote_low_f32x4
    f64x2.sub
    local.get $l14
    local.get $l20
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    f32x4.demote_f64x2_zero
    local.get $l21
    local.get $l21
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l19
    local.get $l19
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.sub
    local.get $l14
    local.get $l20
    local.get $l20
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    f32x4.demote_f64x2_zero
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.tee $l22
    local.get $l22
    local.get $l22
    f32x4.sub
    f32x4.add
    local.set $l23
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I5
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane align=1 0
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I6
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=4 align=1 1
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I7
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=8 align=1 2
    end)
  (func $prepare32fBias (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 f64) (param $p6 f64) (param $p7 f64)
    (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    local.get $p5
    f64x2.splat
    local.set $l12
    local.get $p6
    f64x2.splat
    local.set $l13
    local.get $p7
    f64x2.splat
    local.set $l14
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.set $l15
    v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
    local.set $l16
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l17
    local.get $p1
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l9
    local.get $p1
    i32.const 3
    i32.and
    local.set $l11
    local.get $p0
    local.set $l10
    block $B0
      loop $L1
        local.get $l8
        local.get $l9
        i32.ge_u
        br_if $B0
        local.get $l10
        v128.load align=1
        local.set $l18
        local.get $p4
        local.get $l8
        i32.add
        local.get $l18
        local.get $l16
        i8x16.swizzle
        local.set $l21
        local.get $l21
        f64x2.promote_low_f32x4
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l8
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        f32x4.demote_f64x2_zero
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.promote_low_f32x4
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $p2
        local.get $l8
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.sub
        f32x4.demote_f64x2_zero
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.tee $l22
        local.get $l22
        local.get $l22
        f32x4.sub
        f32x4.add
        v128.store align=1
        local.get $l8
        i32.const 16
        i32.add
        local.set $l8
        local.get $l10
        i32.const 16
        i32.add
        local.set $l10
        br $L1
      end
    end
    local.get $l15
    local.set $l18
    local.get $l15
    local.set $l19
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I2
      local.get $l10
      local.get $l18
      v128.load32_lane align=1 0
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane align=1 0
      local.set $l19
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I3
      local.get $l10
      local.get $l18
      v128.load32_lane offset=4 align=1 1
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane offset=4 align=1 1
      local.set $l19
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I4
      local.get $l10
      local.get $l18
      v128.load32_lane offset=8 align=1 2
      local.set $l18
      local.get $p2
      local.get $l8
      i32.add
      local.get $l19
      v128.load32_lane offset=8 align=1 2
      local.set $l19
    end
    local.get $l18
    local.get $l16
    i8x16.swizzle
    local.set $l21
    local.get $l21
    f64x2.promote_low_f32x4
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l19
    f64x2.promote_low_f32x4
    f64x2.sub
    f32x4.demote_f64x2_zero
    local.get $l21
    local.get $l21
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l19
    local.get $l19
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.sub
    f32x4.demote_f64x2_zero
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.tee $l22
    local.get $l22
    local.get $l22
    f32x4.sub
    f32x4.add
    local.set $l23
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I5
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane align=1 0
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I6
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=4 align=1 1
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I7
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=8 align=1 2
    end)
  (func $prepare32fDark (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 f64) (param $p6 f64) (param $p7 f64)
    (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128)
    local.get $p5
    f64x2.splat
    local.set $l12
    local.get $p6
    f64x2.splat
    local.set $l13
    local.get $p7
    f64x2.splat
    local.set $l14
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    local.set $l15
    v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
    local.set $l16
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l17
    local.get $p1
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l9
    local.get $p1
    i32.const 3
    i32.and
    local.set $l11
    local.get $p0
    local.set $l10
    block $B0
      loop $L1
        local.get $l8
        local.get $l9
        i32.ge_u
        br_if $B0
        local.get $l10
        v128.load align=1
        local.set $l18
        local.get $p4
        local.get $l8
        i32.add
        local.get $l18
        local.get $l16
        i8x16.swizzle
        local.set $l21
        local.get $l21
        f64x2.promote_low_f32x4
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $l14
        local.get $p3
        local.get $l8
        i32.add
        v128.load64_zero align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        f32x4.demote_f64x2_zero
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.promote_low_f32x4
        local.get $l13
        f64x2.mul
        local.get $l12
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        local.get $l14
        local.get $p3
        local.get $l8
        i32.add
        v128.load64_zero offset=8 align=1
        f64x2.promote_low_f32x4
        f64x2.mul
        f64x2.sub
        f32x4.demote_f64x2_zero
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.tee $l22
        local.get $l22
        local.get $l22
        f32x4.sub
        f32x4.add
        v128.store align=1
        local.get $l8
        i32.const 16
        i32.add
        local.set $l8
        local.get $l10
        i32.const 16
        i32.add
        local.set $l10
        br $L1
      end
    end
    local.get $l15
    local.set $l18
    local.get $l15
    local.set $l20
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I2
      local.get $l10
      local.get $l18
      v128.load32_lane align=1 0
      local.set $l18
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane align=1 0
      local.set $l20
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I3
      local.get $l10
      local.get $l18
      v128.load32_lane offset=4 align=1 1
      local.set $l18
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane offset=4 align=1 1
      local.set $l20
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I4
      local.get $l10
      local.get $l18
      v128.load32_lane offset=8 align=1 2
      local.set $l18
      local.get $p3
      local.get $l8
      i32.add
      local.get $l20
      v128.load32_lane offset=8 align=1 2
      local.set $l20
    end
    local.get $l18
    local.get $l16
    i8x16.swizzle
    local.set $l21
    local.get $l21
    f64x2.promote_low_f32x4
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l14
    local.get $l20
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    f32x4.demote_f64x2_zero
    local.get $l21
    local.get $l21
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    local.get $l13
    f64x2.mul
    local.get $l12
    f64x2.add
    f32x4.demote_f64x2_zero
    f64x2.promote_low_f32x4
    local.get $l14
    local.get $l20
    local.get $l20
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    f64x2.promote_low_f32x4
    f64x2.mul
    f64x2.sub
    f32x4.demote_f64x2_zero
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.tee $l22
    local.get $l22
    local.get $l22
    f32x4.sub
    f32x4.add
    local.set $l23
    local.get $l11
    i32.const 0
    i32.gt_u
    if $I5
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane align=1 0
    end
    local.get $l11
    i32.const 1
    i32.gt_u
    if $I6
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=4 align=1 1
    end
    local.get $l11
    i32.const 2
    i32.gt_u
    if $I7
      local.get $p4
      local.get $l8
      i32.add
      local.get $l23
      v128.store32_lane offset=8 align=1 2
    end)
  (export "calibrate16" (func $calibrate16))
  (export "calibrate32f" (func $calibrate32f))
  (export "checksum" (func $checksum))
  (export "prepare16" (func $prepare16))
  (export "prepare16Bias" (func $prepare16Bias))
  (export "prepare16Dark" (func $prepare16Dark))
  (export "prepare32f" (func $prepare32f))
  (export "prepare32fBias" (func $prepare32fBias))
  (export "prepare32fDark" (func $prepare32fDark)))
