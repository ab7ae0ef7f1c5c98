(module
  (type $t0 (func (param i32 i32 i32 i32 i32 i32 i32 f64 i32 i32)))
  (type $t1 (func (param i32 i32 i32) (result i32)))
  (type $t2 (func (param i32 i32 i32 i32 f64 i32) (result i32)))
  (type $t3 (func (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory $env.memory 0 65536 shared))
  (func $significanceRow (type $t0) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (param $p6 i32) (param $p7 f64) (param $p8 i32) (param $p9 i32)
    (local $l10 i32) (local $l11 i32) (local $l12 i32) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128) (local $l20 v128)
    v128.const i32x4 0x03020100 0x07060504 0x0b0a0908 0x0f0e0d0c
    local.set $l13
    local.get $p9
    if $I0
      v128.const i32x4 0x00010203 0x04050607 0x08090a0b 0x0c0d0e0f
      local.set $l13
    end
    v128.const i32x4 0x40800000 0x40800000 0x40800000 0x40800000
    local.set $l14
    v128.const i32x4 0x40000000 0x40000000 0x40000000 0x40000000
    local.set $l15
    v128.const i32x4 0xff800000 0xff800000 0xff800000 0xff800000
    local.set $l16
    local.get $p7
    f32.demote_f64
    f32x4.splat
    local.set $l17
    local.get $p2
    i32.const -4
    i32.and
    i32.const 2
    i32.shl
    local.set $l12
    block $B1
      loop $L2
        local.get $l10
        local.get $l12
        i32.ge_u
        br_if $B1
        local.get $p0
        local.get $l11
        i32.add
        v128.load align=1
        local.get $l13
        i8x16.swizzle
        local.get $p1
        local.get $l11
        i32.add
        v128.load align=1
        local.get $l13
        i8x16.swizzle
        f32x4.add
        local.set $l18
        local.get $p0
        local.get $l11
        i32.add
        v128.load offset=16 align=1
        local.get $l13
        i8x16.swizzle
        local.get $p1
        local.get $l11
        i32.add
        v128.load offset=16 align=1
        local.get $l13
        i8x16.swizzle
        f32x4.add
        local.set $l19
        local.get $l18
        local.get $l19
        i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
        local.get $l18
        local.get $l19
        i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        f32x4.add
        local.get $p3
        local.get $l10
        i32.add
        v128.load align=1
        local.get $p4
        local.get $l10
        i32.add
        v128.load align=1
        local.get $l17
        f32x4.mul
        f32x4.add
        local.get $l14
        f32x4.mul
        f32x4.sub
        local.get $p5
        local.get $l10
        i32.add
        v128.load align=1
        local.get $p6
        local.get $l10
        i32.add
        v128.load align=1
        local.get $l17
        f32x4.mul
        f32x4.add
        local.get $l15
        f32x4.mul
        f32x4.div
        local.set $l20
        local.get $p8
        local.get $l10
        i32.add
        local.get $l20
        local.get $l16
        local.get $l20
        local.get $l20
        f32x4.eq
        v128.bitselect
        v128.store align=1
        local.get $l10
        i32.const 16
        i32.add
        local.set $l10
        local.get $l11
        i32.const 32
        i32.add
        local.set $l11
        br $L2
      end
    end)
  (func $countAtLeast16 (type $t1) (param $p0 i32) (param $p1 i32) (param $p2 i32) (result i32)
    (local $l3 i32) (local $l4 v128) (local $l5 v128) (local $l6 v128)
    local.get $p2
    i16x8.splat
    local.set $l4
    v128.const i32x4 0x02030001 0x06070405 0x0a0b0809 0x0e0f0c0d
    local.set $l6
    local.get $p0
    local.get $p1
    i32.const -8
    i32.and
    i32.const 1
    i32.shl
    i32.add
    local.set $l3
    block $B0
      loop $L1
        local.get $p0
        local.get $l3
        i32.ge_u
        br_if $B0
        local.get $l5
        local.get $p0
        v128.load align=1
        local.get $l6
        i8x16.swizzle
        local.get $l4
        i16x8.ge_s
        i16x8.sub
        local.set $l5
        local.get $p0
        i32.const 16
        i32.add
        local.set $p0
        br $L1
      end
    end
    local.get $l5
    i16x8.extract_lane_s 0
    local.get $l5
    i16x8.extract_lane_s 1
    i32.add
    local.get $l5
    i16x8.extract_lane_s 2
    i32.add
    local.get $l5
    i16x8.extract_lane_s 3
    i32.add
    local.get $l5
    i16x8.extract_lane_s 4
    i32.add
    local.get $l5
    i16x8.extract_lane_s 5
    i32.add
    local.get $l5
    i16x8.extract_lane_s 6
    i32.add
    local.get $l5
    i16x8.extract_lane_s 7
    i32.add)
  (func $localMaxima (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 f64) (param $p5 i32) (result i32)
    (local $l6 i32) (local $l7 i32) (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 f64)
    local.get $p1
    i32.const 2
    i32.shl
    local.set $l9
    i32.const 1
    local.set $l6
    block $B0
      loop $L1
        local.get $l6
        local.get $p2
        i32.gt_s
        br_if $B0
        local.get $p0
        local.get $l6
        local.get $p1
        i32.mul
        i32.const 1
        i32.add
        i32.const 2
        i32.shl
        i32.add
        local.set $l7
        local.get $l7
        local.get $p3
        i32.const 2
        i32.shl
        i32.add
        local.set $l8
        block $B2
          loop $L3
            local.get $l7
            local.get $l8
            i32.ge_u
            br_if $B2
            local.get $l7
            f32.load
            f64.promote_f32
            local.set $l11
            local.get $l11
            local.get $p4
            f64.gt
            if $I4
              local.get $l11
              local.get $l7
              i32.const 0
              local.get $l9
              i32.sub
              i32.const -4
              i32.add
              i32.add
              f32.load
              f64.promote_f32
              f64.gt
              local.get $l11
              local.get $l7
              i32.const 0
              local.get $l9
              i32.sub
              i32.const 0
              i32.add
              i32.add
              f32.load
              f64.promote_f32
              f64.gt
              i32.and
              local.get $l11
              local.get $l7
              i32.const 0
              local.get $l9
              i32.sub
              i32.const 4
              i32.add
              i32.add
              f32.load
              f64.promote_f32
              f64.gt
              i32.and
              local.get $l11
              local.get $l7
              i32.const -4
              i32.add
              f32.load
              f64.promote_f32
              f64.gt
              i32.and
              local.get $l11
              local.get $l7
              i32.const 4
              i32.add
              f32.load
              f64.promote_f32
              f64.ge
              i32.and
              local.get $l11
              local.get $l7
              local.get $l9
              i32.const -4
              i32.add
              i32.add
              f32.load
              f64.promote_f32
              f64.ge
              i32.and
              local.get $l11
              local.get $l7
              local.get $l9
              i32.const 0
              i32.add
              i32.add
              f32.load
              f64.promote_f32
              f64.ge
              i32.and
              local.get $l11
              local.get $l7
              local.get $l9
              i32.const 4
              i32.add
              i32.add
              f32.load
              f64.promote_f32
              f64.ge
              i32.and
              if $I5
                local.get $p5
                local.get $l10
                i32.const 2
                i32.shl
                i32.add
                local.get $l7
                local.get $p0
                i32.sub
                i32.const 2
                i32.shr_s
                i32.store
                local.get $l10
                i32.const 1
                i32.add
                local.set $l10
              end
            end
            local.get $l7
            i32.const 4
            i32.add
            local.set $l7
            br $L3
          end
        end
        local.get $l6
        i32.const 1
        i32.add
        local.set $l6
        br $L1
      end
    end
    local.get $l10)
  (func $anyAtLeast16 (type $t3) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (result i32)
    (local $l5 i32) (local $l6 i32) (local $l7 i32) (local $l8 i32)
    block $B0
      loop $L1
        local.get $l5
        local.get $p2
        i32.ge_s
        br_if $B0
        local.get $p0
        local.get $l5
        local.get $p1
        i32.mul
        i32.add
        local.set $l6
        local.get $l6
        local.get $p3
        i32.const 1
        i32.shl
        i32.add
        local.set $l7
        block $B2
          loop $L3
            local.get $l6
            local.get $l7
            i32.ge_u
            br_if $B2
            local.get $l6
            i32.load16_u
            local.set $l8
            local.get $l8
            i32.const 255
            i32.and
            i32.const 24
            i32.shl
            i32.const 16
            i32.shr_s
            local.get $l8
            i32.const 8
            i32.shr_u
            i32.or
            local.get $p4
            i32.ge_s
            if $I4
              i32.const 1
              return
            end
            local.get $l6
            i32.const 2
            i32.add
            local.set $l6
            br $L3
          end
        end
        local.get $l5
        i32.const 1
        i32.add
        local.set $l5
        br $L1
      end
    end
    i32.const 0)
  (export "significanceRow" (func $significanceRow))
  (export "countAtLeast16" (func $countAtLeast16))
  (export "localMaxima" (func $localMaxima))
  (export "anyAtLeast16" (func $anyAtLeast16)))
