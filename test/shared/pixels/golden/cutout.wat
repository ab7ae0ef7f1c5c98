(module
  (type $t0 (func (param i32 i32 i32 i32 i32 i32 f64 i32 i32)))
  (type $t1 (func (param i32 i32 f64 f64 f64 f64 f64 i32)))
  (type $t2 (func (param i32 i32 i32 i32 f64 f64 f64 f64 f64 f64 i32 i32)))
  (import "env" "memory" (memory $env.memory 0 65536 shared))
  (func $cutout (type $t0) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (param $p6 f64) (param $p7 i32) (param $p8 i32)
    (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 i32) (local $l13 i32)
    block $B0
      loop $L1
        local.get $l9
        local.get $p2
        i32.ge_u
        br_if $B0
        local.get $p0
        local.get $l9
        local.get $p1
        i32.mul
        i32.add
        local.set $l10
        local.get $p4
        local.get $l9
        local.get $p5
        i32.mul
        i32.add
        local.set $l11
        local.get $l11
        local.get $p3
        i32.const 2
        i32.shl
        i32.add
        local.set $l12
        block $B2
          loop $L3
            local.get $l11
            local.get $l12
            i32.ge_u
            br_if $B2
            local.get $l10
            i32.load
            local.set $l13
            local.get $p7
            if $I4
              local.get $l13
              i32.const 24
              i32.shr_u
              local.get $l13
              i32.const 8
              i32.shr_u
              i32.const 65280
              i32.and
              i32.or
              local.get $l13
              i32.const 65280
              i32.and
              i32.const 8
              i32.shl
              i32.or
              local.get $l13
              i32.const 24
              i32.shl
              i32.or
              local.set $l13
            end
            local.get $l11
            local.get $l13
            f32.reinterpret_i32
            f64.promote_f32
            local.get $p6
            f64.sub
            f32.demote_f64
            f32.store
            local.get $l10
            local.get $p8
            i32.add
            local.set $l10
            local.get $l11
            i32.const 4
            i32.add
            local.set $l11
            br $L3
          end
        end
        local.get $l9
        i32.const 1
        i32.add
        local.set $l9
        br $L1
      end
    end)
  (func $momentsRow (type $t1) (param $p0 i32) (param $p1 i32) (param $p2 f64) (param $p3 f64) (param $p4 f64) (param $p5 f64) (param $p6 f64) (param $p7 i32)
    (local $l8 f64) (local $l9 f64) (local $l10 f64) (local $l11 f64) (local $l12 f64) (local $l13 f64) (local $l14 f64) (local $l15 f64) (local $l16 f64)
    local.get $p7
    f64.load
    local.set $l10
    local.get $p7
    f64.load offset=8
    local.set $l11
    local.get $p7
    f64.load offset=16
    local.set $l12
    local.get $p7
    f64.load offset=24
    local.set $l13
    local.get $p7
    f64.load offset=32
    local.set $l14
    local.get $p7
    f64.load offset=40
    local.set $l15
    local.get $p7
    f64.load offset=48
    local.set $l16
    block $B0
      loop $L1
        local.get $p0
        local.get $p1
        i32.gt_u
        br_if $B0
        local.get $p0
        f32.load
        f64.promote_f32
        local.set $l8
        local.get $l8
        local.get $l8
        f64.eq
        if $I2
          local.get $p4
          local.get $l8
          f64.mul
          local.set $l9
          local.get $l10
          local.get $l9
          f64.add
          local.set $l10
          local.get $l11
          local.get $p4
          local.get $p4
          f64.mul
          f64.add
          local.set $l11
          local.get $l12
          local.get $l9
          local.get $p2
          f64.mul
          f64.add
          local.set $l12
          local.get $l13
          local.get $l9
          local.get $p3
          f64.mul
          f64.add
          local.set $l13
          local.get $l14
          local.get $l9
          local.get $p2
          f64.mul
          local.get $p2
          f64.mul
          f64.add
          local.set $l14
          local.get $l15
          local.get $l9
          local.get $p3
          f64.mul
          local.get $p3
          f64.mul
          f64.add
          local.set $l15
          local.get $l16
          local.get $l9
          local.get $p2
          f64.mul
          local.get $p3
          f64.mul
          f64.add
          local.set $l16
        end
        local.get $p0
        i32.const 4
        i32.add
        local.set $p0
        local.get $p2
        f64.const 0x1p+0 (;=1;)
        f64.add
        local.set $p2
        local.get $p4
        local.get $p5
        f64.mul
        local.set $p4
        local.get $p5
        local.get $p6
        f64.mul
        local.set $p5
        br $L1
      end
    end
    local.get $p7
    local.get $l10
    f64.store
    local.get $p7
    local.get $l11
    f64.store offset=8
    local.get $p7
    local.get $l12
    f64.store offset=16
    local.get $p7
    local.get $l13
    f64.store offset=24
    local.get $p7
    local.get $l14
    f64.store offset=32
    local.get $p7
    local.get $l15
    f64.store offset=40
    local.get $p7
    local.get $l16
    f64.store offset=48)
  (func $centroidRow (type $t1) (param $p0 i32) (param $p1 i32) (param $p2 f64) (param $p3 f64) (param $p4 f64) (param $p5 f64) (param $p6 f64) (param $p7 i32)
    (local $l8 f64) (local $l9 f64) (local $l10 f64) (local $l11 f64) (local $l12 f64)
    local.get $p7
    f64.load
    local.set $l10
    local.get $p7
    f64.load offset=8
    local.set $l11
    local.get $p7
    f64.load offset=16
    local.set $l12
    block $B0
      loop $L1
        local.get $p0
        local.get $p1
        i32.gt_u
        br_if $B0
        local.get $p0
        f32.load
        f64.promote_f32
        local.set $l8
        local.get $l8
        local.get $l8
        f64.eq
        if $I2
          local.get $p4
          local.get $l8
          f64.mul
          local.set $l9
          local.get $l10
          local.get $l9
          f64.add
          local.set $l10
          local.get $l11
          local.get $l9
          local.get $p2
          f64.mul
          f64.add
          local.set $l11
          local.get $l12
          local.get $l9
          local.get $p3
          f64.mul
          f64.add
          local.set $l12
        end
        local.get $p0
        i32.const 4
        i32.add
        local.set $p0
        local.get $p2
        f64.const 0x1p+0 (;=1;)
        f64.add
        local.set $p2
        local.get $p4
        local.get $p5
        f64.mul
        local.set $p4
        local.get $p5
        local.get $p6
        f64.mul
        local.set $p5
        br $L1
      end
    end
    local.get $p7
    local.get $l10
    f64.store
    local.get $p7
    local.get $l11
    f64.store offset=8
    local.get $p7
    local.get $l12
    f64.store offset=16)
  (func $templateRow (type $t1) (param $p0 i32) (param $p1 i32) (param $p2 f64) (param $p3 f64) (param $p4 f64) (param $p5 f64) (param $p6 f64) (param $p7 i32)
    (local $l8 f64) (local $l9 f64) (local $l10 f64) (local $l11 f64) (local $l12 f64) (local $l13 f64) (local $l14 f64) (local $l15 f64) (local $l16 f64) (local $l17 f64)
    local.get $p7
    f64.load
    local.set $l10
    local.get $p7
    f64.load offset=8
    local.set $l11
    local.get $p7
    f64.load offset=16
    local.set $l12
    local.get $p7
    f64.load offset=24
    local.set $l13
    local.get $p7
    f64.load offset=32
    local.set $l14
    local.get $p7
    f64.load offset=40
    local.set $l15
    local.get $p7
    f64.load offset=48
    local.set $l16
    local.get $p7
    f64.load offset=56
    local.set $l17
    block $B0
      loop $L1
        local.get $p0
        local.get $p1
        i32.gt_u
        br_if $B0
        local.get $p0
        f32.load
        f64.promote_f32
        local.set $l8
        local.get $l8
        local.get $l8
        f64.eq
        if $I2
          local.get $p4
          local.get $l8
          f64.mul
          local.set $l9
          local.get $l10
          f64.const 0x1p+0 (;=1;)
          f64.add
          local.set $l10
          local.get $l11
          local.get $p4
          f64.add
          local.set $l11
          local.get $l12
          local.get $p4
          local.get $p4
          f64.mul
          f64.add
          local.set $l12
          local.get $l13
          local.get $l8
          f64.add
          local.set $l13
          local.get $l14
          local.get $l9
          f64.add
          local.set $l14
          local.get $l15
          local.get $l9
          f64.add
          local.set $l15
          local.get $l16
          local.get $l9
          local.get $p2
          f64.mul
          local.get $p2
          f64.mul
          f64.add
          local.set $l16
          local.get $l17
          local.get $l9
          local.get $p3
          f64.mul
          local.get $p3
          f64.mul
          f64.add
          local.set $l17
        end
        local.get $p0
        i32.const 4
        i32.add
        local.set $p0
        local.get $p2
        f64.const 0x1p+0 (;=1;)
        f64.add
        local.set $p2
        local.get $p4
        local.get $p5
        f64.mul
        local.set $p4
        local.get $p5
        local.get $p6
        f64.mul
        local.set $p5
        br $L1
      end
    end
    local.get $p7
    local.get $l10
    f64.store
    local.get $p7
    local.get $l11
    f64.store offset=8
    local.get $p7
    local.get $l12
    f64.store offset=16
    local.get $p7
    local.get $l13
    f64.store offset=24
    local.get $p7
    local.get $l14
    f64.store offset=32
    local.get $p7
    local.get $l15
    f64.store offset=40
    local.get $p7
    local.get $l16
    f64.store offset=48
    local.get $p7
    local.get $l17
    f64.store offset=56)
  (func $rings (type $t2) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 f64) (param $p5 f64) (param $p6 f64) (param $p7 f64) (param $p8 f64) (param $p9 f64) (param $p10 i32) (param $p11 i32)
    (local $l12 i32) (local $l13 i32) (local $l14 i32) (local $l15 i32) (local $l16 f64) (local $l17 f64) (local $l18 f64) (local $l19 f64) (local $l20 f64)
    block $B0
      loop $L1
        local.get $l12
        local.get $p1
        i32.ge_s
        br_if $B0
        local.get $p3
        local.get $l12
        i32.add
        f64.convert_i32_s
        local.get $p5
        f64.sub
        local.set $l18
        i32.const 0
        local.set $l13
        block $B2
          loop $L3
            local.get $l13
            local.get $p1
            i32.ge_s
            br_if $B2
            local.get $p0
            local.get $l12
            local.get $p1
            i32.mul
            local.get $l13
            i32.add
            i32.const 2
            i32.shl
            i32.add
            f32.load
            f64.promote_f32
            local.set $l16
            local.get $l16
            local.get $l16
            f64.eq
            if $I4
              local.get $p2
              local.get $l13
              i32.add
              f64.convert_i32_s
              local.get $p4
              f64.sub
              local.set $l17
              local.get $p6
              local.get $l17
              f64.mul
              local.get $l17
              f64.mul
              f64.const 0x1p+1 (;=2;)
              local.get $p7
              f64.mul
              local.get $l17
              f64.mul
              local.get $l18
              f64.mul
              f64.add
              local.get $p8
              local.get $l18
              f64.mul
              local.get $l18
              f64.mul
              f64.add
              f64.sqrt
              local.set $l19
              local.get $l19
              local.get $p9
              f64.div
              f64.floor
              local.set $l20
              local.get $l20
              local.get $p10
              f64.convert_i32_s
              f64.lt
              if $I5
                local.get $l20
                i32.trunc_f64_s
                local.set $l15
                local.get $p11
                local.get $l15
                local.get $p10
                i32.const 0
                i32.mul
                i32.add
                i32.const 3
                i32.shl
                i32.add
                local.set $l14
                local.get $l14
                local.get $l14
                f64.load
                local.get $l16
                f64.add
                f64.store
                local.get $p11
                local.get $l15
                local.get $p10
                i32.const 1
                i32.mul
                i32.add
                i32.const 3
                i32.shl
                i32.add
                local.set $l14
                local.get $l14
                local.get $l14
                f64.load
                local.get $l19
                f64.add
                f64.store
                local.get $p11
                local.get $l15
                local.get $p10
                i32.const 2
                i32.mul
                i32.add
                i32.const 3
                i32.shl
                i32.add
                local.set $l14
                local.get $l14
                local.get $l14
                f64.load
                f64.const 0x1p+0 (;=1;)
                f64.add
                f64.store
              end
            end
            local.get $l13
            i32.const 1
            i32.add
            local.set $l13
            br $L3
          end
        end
        local.get $l12
        i32.const 1
        i32.add
        local.set $l12
        br $L1
      end
    end)
  (export "cutout" (func $cutout))
  (export "momentsRow" (func $momentsRow))
  (export "centroidRow" (func $centroidRow))
  (export "templateRow" (func $templateRow))
  (export "rings" (func $rings)))
