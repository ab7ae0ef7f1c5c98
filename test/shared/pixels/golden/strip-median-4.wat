(module
  (type $t0 (func (param i32 i32 i32 i32 i32 i32 i32 f64) (result i32)))
  (import "env" "memory" (memory $env.memory 0 65536 shared))
  (func $median16 (type $t0) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (param $p6 i32) (param $p7 f64) (result i32)
    (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128) (local $l21 v128) (local $l22 v128) (local $l23 v128) (local $l24 v128) (local $l25 v128) (local $l26 v128) (local $l27 v128) (local $l28 v128) (local $l29 v128) (local $l30 v128)
    v128.const i32x4 0x00018080 0x02038080 0x04058080 0x06078080
    local.set $l12
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.set $l13
    v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000
    local.set $l15
    local.get $p7
    f64x2.splat
    local.set $l14
    local.get $p2
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l9
    block $B0
      loop $L1
        local.get $l8
        local.get $l9
        i32.ge_u
        br_if $B0
        local.get $p0
        local.get $l10
        i32.add
        local.set $l11
        local.get $l11
        v128.load64_zero align=1
        local.set $l20
        local.get $l20
        local.get $l12
        i8x16.swizzle
        i32.const 16
        i32x4.shr_s
        local.set $l21
        local.get $l21
        f64x2.convert_low_i32x4_s
        local.get $p5
        v128.load64_splat
        f64x2.mul
        local.get $p5
        v128.load64_splat offset=8
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        f32x4.demote_f64x2_zero
        local.set $l23
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.convert_low_i32x4_s
        local.get $p5
        v128.load64_splat
        f64x2.mul
        local.get $p5
        v128.load64_splat offset=8
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        f32x4.demote_f64x2_zero
        local.set $l24
        local.get $l23
        local.get $l24
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.set $l27
        local.get $l11
        local.get $p1
        i32.add
        local.set $l11
        local.get $l11
        v128.load64_zero align=1
        local.set $l20
        local.get $l20
        local.get $l12
        i8x16.swizzle
        i32.const 16
        i32x4.shr_s
        local.set $l21
        local.get $l21
        f64x2.convert_low_i32x4_s
        local.get $p5
        v128.load64_splat offset=24
        f64x2.mul
        local.get $p5
        v128.load64_splat offset=32
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        f32x4.demote_f64x2_zero
        local.set $l23
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.convert_low_i32x4_s
        local.get $p5
        v128.load64_splat offset=24
        f64x2.mul
        local.get $p5
        v128.load64_splat offset=32
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        f32x4.demote_f64x2_zero
        local.set $l24
        local.get $l23
        local.get $l24
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.set $l28
        local.get $l11
        local.get $p1
        i32.add
        local.set $l11
        local.get $l11
        v128.load64_zero align=1
        local.set $l20
        local.get $l20
        local.get $l12
        i8x16.swizzle
        i32.const 16
        i32x4.shr_s
        local.set $l21
        local.get $l21
        f64x2.convert_low_i32x4_s
        local.get $p5
        v128.load64_splat offset=48
        f64x2.mul
        local.get $p5
        v128.load64_splat offset=56
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        f32x4.demote_f64x2_zero
        local.set $l23
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.convert_low_i32x4_s
        local.get $p5
        v128.load64_splat offset=48
        f64x2.mul
        local.get $p5
        v128.load64_splat offset=56
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        f32x4.demote_f64x2_zero
        local.set $l24
        local.get $l23
        local.get $l24
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.set $l29
        local.get $l11
        local.get $p1
        i32.add
        local.set $l11
        local.get $l11
        v128.load64_zero align=1
        local.set $l20
        local.get $l20
        local.get $l12
        i8x16.swizzle
        i32.const 16
        i32x4.shr_s
        local.set $l21
        local.get $l21
        f64x2.convert_low_i32x4_s
        local.get $p5
        v128.load64_splat offset=72
        f64x2.mul
        local.get $p5
        v128.load64_splat offset=80
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        f32x4.demote_f64x2_zero
        local.set $l23
        local.get $l21
        local.get $l21
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.convert_low_i32x4_s
        local.get $p5
        v128.load64_splat offset=72
        f64x2.mul
        local.get $p5
        v128.load64_splat offset=80
        f64x2.add
        f32x4.demote_f64x2_zero
        f64x2.promote_low_f32x4
        f32x4.demote_f64x2_zero
        local.set $l24
        local.get $l23
        local.get $l24
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.set $l30
        local.get $l27
        local.get $l27
        f32x4.ne
        local.get $l28
        local.get $l28
        f32x4.ne
        v128.or
        local.get $l29
        local.get $l29
        f32x4.ne
        v128.or
        local.get $l30
        local.get $l30
        f32x4.ne
        v128.or
        local.tee $l25
        local.get $l26
        v128.or
        local.set $l26
        local.get $l27
        local.get $l28
        f32x4.pmin
        local.get $l27
        local.get $l28
        f32x4.pmax
        local.set $l28
        local.set $l27
        local.get $l29
        local.get $l30
        f32x4.pmin
        local.get $l29
        local.get $l30
        f32x4.pmax
        local.set $l30
        local.set $l29
        local.get $l27
        local.get $l29
        f32x4.pmin
        local.get $l27
        local.get $l29
        f32x4.pmax
        local.set $l29
        local.set $l27
        local.get $l28
        local.get $l30
        f32x4.pmin
        local.get $l28
        local.get $l30
        f32x4.pmax
        local.set $l30
        local.set $l28
        local.get $l28
        local.get $l29
        f32x4.pmin
        local.get $l28
        local.get $l29
        f32x4.pmax
        local.set $l29
        local.set $l28
        local.get $p6
        local.get $l8
        i32.add
        local.get $l13
        local.get $l28
        f64x2.promote_low_f32x4
        local.get $l29
        f64x2.promote_low_f32x4
        f64x2.add
        local.get $l15
        f64x2.mul
        f32x4.demote_f64x2_zero
        local.set $l23
        local.get $l28
        local.get $l28
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.promote_low_f32x4
        local.get $l29
        local.get $l29
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.promote_low_f32x4
        f64x2.add
        local.get $l15
        f64x2.mul
        f32x4.demote_f64x2_zero
        local.set $l24
        local.get $l23
        local.get $l24
        i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        local.get $l25
        v128.bitselect
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
    local.get $l26
    v128.any_true)
  (export "median16" (func $median16)))
