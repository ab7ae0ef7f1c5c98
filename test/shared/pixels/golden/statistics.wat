(module
  (type $t0 (func (param i32 i32 i32)))
  (type $t1 (func (param i32 i32 f64) (result i32)))
  (type $t2 (func (param i32 i32 f64 f64 f64 f64 i32 i32)))
  (type $t3 (func (param i32 i32 f64 f64 i32 i32)))
  (type $t4 (func (param i32 i32 f64 f64 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory $env.memory 0 65536 shared))
  (func $summary (type $t0) (param $p0 i32) (param $p1 i32) (param $p2 i32)
    (local $l3 i32) (local $l4 i32) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128)
    v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000
    local.tee $l12
    local.set $l7
    v128.const i32x4 0xff800000 0xff800000 0xff800000 0xff800000
    local.tee $l13
    local.set $l8
    local.get $p0
    local.set $l3
    local.get $p0
    local.get $p1
    i32.const 2
    i32.shl
    i32.add
    local.set $l4
    block $B0
      loop $L1
        local.get $l3
        local.get $l4
        i32.ge_u
        br_if $B0
        local.get $l3
        v128.load align=1
        local.set $l5
        local.get $l5
        local.get $l5
        f32x4.sub
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        f32x4.eq
        local.set $l6
        local.get $l7
        local.get $l5
        local.get $l12
        local.get $l6
        v128.bitselect
        f32x4.min
        local.set $l7
        local.get $l8
        local.get $l5
        local.get $l13
        local.get $l6
        v128.bitselect
        f32x4.max
        local.set $l8
        local.get $l5
        local.get $l6
        v128.and
        local.set $l5
        local.get $l9
        local.get $l5
        f64x2.promote_low_f32x4
        f64x2.add
        local.set $l9
        local.get $l10
        local.get $l5
        local.get $l5
        i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
        f64x2.promote_low_f32x4
        f64x2.add
        local.set $l10
        local.get $l11
        local.get $l6
        i32x4.sub
        local.set $l11
        local.get $l3
        i32.const 16
        i32.add
        local.set $l3
        br $L1
      end
    end
    local.get $p2
    local.get $l7
    v128.store
    local.get $p2
    local.get $l8
    v128.store offset=16
    local.get $p2
    local.get $l9
    v128.store offset=32
    local.get $p2
    local.get $l10
    v128.store offset=48
    local.get $p2
    local.get $l11
    v128.store offset=64)
  (func $countAbove (type $t1) (param $p0 i32) (param $p1 i32) (param $p2 f64) (result i32)
    (local $l3 i32) (local $l4 i32) (local $l5 v128) (local $l6 v128) (local $l7 v128) (local $l8 v128) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128)
    local.get $p2
    f32.demote_f64
    f32x4.splat
    local.set $l14
    v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000
    local.set $l12
    local.get $p0
    local.set $l3
    local.get $p0
    local.get $p1
    i32.const 2
    i32.shl
    i32.add
    local.set $l4
    block $B0
      loop $L1
        local.get $l3
        local.get $l4
        i32.ge_u
        br_if $B0
        local.get $l3
        v128.load align=1
        local.set $l5
        local.get $l11
        local.get $l5
        local.get $l14
        f32x4.gt
        local.get $l5
        local.get $l12
        f32x4.lt
        v128.and
        i32x4.sub
        local.set $l11
        local.get $l3
        i32.const 16
        i32.add
        local.set $l3
        br $L1
      end
    end
    local.get $l11
    local.get $l11
    local.get $l11
    i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
    i32x4.add
    local.set $l11
    local.get $l11
    local.get $l11
    local.get $l11
    i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7
    i32x4.add
    i32x4.extract_lane 0)
  (func $histogram (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 f64) (param $p3 f64) (param $p4 f64) (param $p5 f64) (param $p6 i32) (param $p7 i32)
    (local $l8 i32) (local $l9 i32) (local $l10 i32) (local $l11 f64)
    local.get $p0
    local.set $l8
    local.get $p0
    local.get $p1
    i32.const 2
    i32.shl
    i32.add
    local.set $l9
    block $B0
      loop $L1
        local.get $l8
        local.get $l9
        i32.ge_u
        br_if $B0
        local.get $l8
        f32.load
        f64.promote_f32
        local.tee $l11
        local.get $p2
        f64.ge
        local.get $l11
        local.get $p3
        f64.le
        i32.and
        if $I2
          local.get $l11
          local.get $p2
          f64.sub
          local.get $p4
          f64.mul
          f64.floor
          i32.trunc_f64_s
          local.set $l10
          local.get $l10
          local.get $p6
          i32.ge_s
          if $I3
            local.get $p6
            i32.const 1
            i32.sub
            local.set $l10
          else
            local.get $l10
            i32.const 0
            i32.gt_s
            local.get $l11
            local.get $p2
            local.get $l10
            f64.convert_i32_s
            local.get $p5
            f64.mul
            f64.add
            f64.lt
            i32.and
            if $I4
              local.get $l10
              i32.const 1
              i32.sub
              local.set $l10
            else
              local.get $l10
              local.get $p6
              i32.const 1
              i32.sub
              i32.lt_s
              local.get $l11
              local.get $p2
              local.get $l10
              i32.const 1
              i32.add
              f64.convert_i32_s
              local.get $p5
              f64.mul
              f64.add
              f64.ge
              i32.and
              if $I5
                local.get $l10
                i32.const 1
                i32.add
                local.set $l10
              end
            end
          end
          local.get $p7
          local.get $l10
          i32.const 2
          i32.shl
          i32.add
          local.tee $l10
          local.get $l10
          i32.load
          i32.const 1
          i32.add
          i32.store
        end
        local.get $l8
        i32.const 4
        i32.add
        local.set $l8
        br $L1
      end
    end)
  (func $rankCounts (type $t3) (param $p0 i32) (param $p1 i32) (param $p2 f64) (param $p3 f64) (param $p4 i32) (param $p5 i32)
    (local $l6 i32) (local $l7 i32) (local $l8 i32) (local $l9 v128) (local $l10 v128) (local $l11 v128) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128)
    local.get $p2
    f32.demote_f64
    f32x4.splat
    local.set $l12
    local.get $p3
    f32.demote_f64
    f32x4.splat
    local.set $l13
    local.get $p4
    i32x4.splat
    local.set $l14
    local.get $p0
    local.set $l6
    local.get $p0
    local.get $p1
    i32.const 2
    i32.shl
    i32.add
    local.set $l7
    block $B0
      loop $L1
        local.get $l6
        local.get $l7
        i32.ge_u
        br_if $B0
        local.get $l6
        v128.load align=1
        local.tee $l9
        local.get $l12
        f32x4.sub
        local.get $l13
        f32x4.mul
        i32x4.trunc_sat_f32x4_s
        local.get $l14
        i32x4.min_s
        local.set $l10
        local.get $p5
        local.get $l10
        i32x4.extract_lane 0
        i32.const 2
        i32.shl
        i32.add
        local.tee $l8
        local.get $l8
        i32.load
        i32.const 1
        i32.add
        i32.store
        local.get $p5
        local.get $l10
        i32x4.extract_lane 1
        i32.const 2
        i32.shl
        i32.add
        local.tee $l8
        local.get $l8
        i32.load
        i32.const 1
        i32.add
        i32.store
        local.get $p5
        local.get $l10
        i32x4.extract_lane 2
        i32.const 2
        i32.shl
        i32.add
        local.tee $l8
        local.get $l8
        i32.load
        i32.const 1
        i32.add
        i32.store
        local.get $p5
        local.get $l10
        i32x4.extract_lane 3
        i32.const 2
        i32.shl
        i32.add
        local.tee $l8
        local.get $l8
        i32.load
        i32.const 1
        i32.add
        i32.store
        local.get $l6
        i32.const 16
        i32.add
        local.set $l6
        br $L1
      end
    end)
  (func $collectBins (type $t4) (param $p0 i32) (param $p1 i32) (param $p2 f64) (param $p3 f64) (param $p4 i32) (param $p5 i32) (param $p6 i32) (param $p7 i32) (param $p8 i32) (result i32)
    (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 v128) (local $l13 v128) (local $l14 v128) (local $l15 v128) (local $l16 v128) (local $l17 v128) (local $l18 v128) (local $l19 v128)
    local.get $p5
    i32x4.splat
    local.set $l18
    local.get $p6
    i32x4.splat
    local.set $l19
    local.get $p2
    f32.demote_f64
    f32x4.splat
    local.set $l15
    local.get $p3
    f32.demote_f64
    f32x4.splat
    local.set $l16
    local.get $p4
    i32x4.splat
    local.set $l17
    local.get $p0
    local.set $l9
    local.get $p0
    local.get $p1
    i32.const 2
    i32.shl
    i32.add
    local.set $l10
    block $B0
      loop $L1
        local.get $l9
        local.get $l10
        i32.ge_u
        br_if $B0
        local.get $l9
        v128.load align=1
        local.tee $l12
        local.get $l15
        f32x4.sub
        local.get $l16
        f32x4.mul
        i32x4.trunc_sat_f32x4_s
        local.get $l17
        i32x4.min_s
        local.set $l13
        local.get $l13
        local.get $l18
        i32x4.ge_s
        local.get $l13
        local.get $l19
        i32x4.le_s
        v128.and
        local.tee $l14
        v128.any_true
        if $I2
          local.get $l14
          i32x4.extract_lane 0
          if $I3
            local.get $l11
            local.get $p8
            i32.lt_u
            if $I4
              local.get $p7
              local.get $l11
              i32.const 2
              i32.shl
              i32.add
              local.get $l12
              v128.store32_lane align=1 0
            end
            local.get $l11
            i32.const 1
            i32.add
            local.set $l11
          end
          local.get $l14
          i32x4.extract_lane 1
          if $I5
            local.get $l11
            local.get $p8
            i32.lt_u
            if $I6
              local.get $p7
              local.get $l11
              i32.const 2
              i32.shl
              i32.add
              local.get $l12
              v128.store32_lane align=1 1
            end
            local.get $l11
            i32.const 1
            i32.add
            local.set $l11
          end
          local.get $l14
          i32x4.extract_lane 2
          if $I7
            local.get $l11
            local.get $p8
            i32.lt_u
            if $I8
              local.get $p7
              local.get $l11
              i32.const 2
              i32.shl
              i32.add
              local.get $l12
              v128.store32_lane align=1 2
            end
            local.get $l11
            i32.const 1
            i32.add
            local.set $l11
          end
          local.get $l14
          i32x4.extract_lane 3
          if $I9
            local.get $l11
            local.get $p8
            i32.lt_u
            if $I10
              local.get $p7
              local.get $l11
              i32.const 2
              i32.shl
              i32.add
              local.get $l12
              v128.store32_lane align=1 3
            end
            local.get $l11
            i32.const 1
            i32.add
            local.set $l11
          end
        end
        local.get $l9
        i32.const 16
        i32.add
        local.set $l9
        br $L1
      end
    end
    local.get $l11)
  (export "summary" (func $summary))
  (export "countAbove" (func $countAbove))
  (export "histogram" (func $histogram))
  (export "rankCounts" (func $rankCounts))
  (export "collectBins" (func $collectBins)))
