(module
  (type $t0 (func (param i32 i32 i32 i32 i32 i32 f64 i32 i32)))
  (type $t1 (func (param i32 i32 f64 f64 f64 f64 f64 i32)))
  (type $t2 (func (param i32 i32 i32 i32 f64 f64 f64 f64 f64 f64 i32 i32)))
  (type $t3 (func (param f64) (result f64)))
  (type $t4 (func (param i32 i32 i32 i32 f64 f64 f64 f64 f64 f64 f64 i32)))
  (import "env" "memory" (memory $env.memory 0 65536 shared))
  (func $cutout (type $t0) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $p5 i32) (param $p6 f64) (param $p7 i32) (param $p8 i32)
    (local $l9 i32) (local $l10 i32) (local $l11 i32) (local $l12 i32) (local $l13 i32) (local $l14 i32) (local $l15 v128) (local $l16 v128)
    local.get $p6
    f64x2.splat
    local.set $l16
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
        local.get $p8
        i32.const 4
        i32.eq
        local.get $p3
        i32.const 4
        i32.ge_u
        i32.and
        if $I2
          local.get $l12
          i32.const 12
          i32.sub
          local.set $l14
          block $B3
            loop $L4
              local.get $l11
              local.get $l14
              i32.ge_u
              br_if $B3
              local.get $l10
              v128.load align=1
              local.set $l15
              local.get $p7
              if $I5
                local.get $l15
                local.get $l15
                i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12
                local.set $l15
              end
              local.get $l11
              local.get $l15
              f64x2.promote_low_f32x4
              local.get $l16
              f64x2.sub
              f32x4.demote_f64x2_zero
              local.get $l15
              local.get $l15
              i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
              f64x2.promote_low_f32x4
              local.get $l16
              f64x2.sub
              f32x4.demote_f64x2_zero
              i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              v128.store align=1
              local.get $l10
              i32.const 16
              i32.add
              local.set $l10
              local.get $l11
              i32.const 16
              i32.add
              local.set $l11
              br $L4
            end
          end
        end
        block $B6
          loop $L7
            local.get $l11
            local.get $l12
            i32.ge_u
            br_if $B6
            local.get $l10
            i32.load
            local.set $l13
            local.get $p7
            if $I8
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
            br $L7
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
  (func $exp (type $t3) (param $p0 f64) (result f64)
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
  (func $momentsPass (type $t4) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 f64) (param $p5 f64) (param $p6 f64) (param $p7 f64) (param $p8 f64) (param $p9 f64) (param $p10 f64) (param $p11 i32)
    (local $l12 i32) (local $l13 i32) (local $l14 i32) (local $l15 f64) (local $l16 f64) (local $l17 f64) (local $l18 f64) (local $l19 f64) (local $l20 f64) (local $l21 f64) (local $l22 f64)
    local.get $p4
    local.get $p2
    f64.convert_i32_s
    f64.sub
    local.set $l22
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
        local.set $l16
        local.get $p7
        local.get $l16
        f64.mul
        local.set $l17
        local.get $l17
        local.get $l17
        f64.mul
        local.get $p6
        local.get $p8
        local.get $l16
        f64.mul
        local.get $l16
        f64.mul
        local.get $p10
        f64.sub
        f64.mul
        f64.sub
        local.set $l18
        local.get $l18
        f64.const 0x0p+0 (;=0;)
        f64.ge
        i32.eqz
        if $I2
          local.get $l12
          i32.const 1
          i32.add
          local.set $l12
          br $L1
        end
        local.get $l18
        f64.sqrt
        local.set $l19
        local.get $l17
        f64.neg
        local.get $l19
        f64.sub
        local.get $p6
        f64.div
        local.set $l20
        local.get $l17
        f64.neg
        local.get $l19
        f64.add
        local.get $p6
        f64.div
        local.set $l21
        f64.const 0x0p+0 (;=0;)
        local.get $l22
        local.get $l20
        f64.add
        f64.ceil
        f64.max
        i32.trunc_sat_f64_s
        local.set $l13
        local.get $p1
        i32.const 1
        i32.sub
        f64.convert_i32_s
        local.get $l22
        local.get $l21
        f64.add
        f64.floor
        f64.min
        i32.trunc_sat_f64_s
        local.set $l14
        local.get $l14
        local.get $l13
        i32.lt_s
        if $I3
          local.get $l12
          i32.const 1
          i32.add
          local.set $l12
          br $L1
        end
        local.get $p2
        local.get $l13
        i32.add
        f64.convert_i32_s
        local.get $p4
        f64.sub
        local.set $l15
        local.get $p0
        local.get $l12
        local.get $p1
        i32.mul
        local.get $l13
        i32.add
        i32.const 2
        i32.shl
        i32.add
        local.get $p0
        local.get $l12
        local.get $p1
        i32.mul
        local.get $l14
        i32.add
        i32.const 2
        i32.shl
        i32.add
        local.get $l15
        local.get $l16
        f64.const -0x1p-1 (;=-0.5;)
        local.get $p6
        local.get $l15
        f64.mul
        local.get $l15
        f64.mul
        f64.const 0x1p+1 (;=2;)
        local.get $p7
        f64.mul
        local.get $l15
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        local.get $p8
        local.get $l16
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        f64.mul
        call $exp
        f64.const -0x1p-1 (;=-0.5;)
        local.get $p6
        f64.const 0x1p+1 (;=2;)
        local.get $l15
        f64.mul
        f64.const 0x1p+0 (;=1;)
        f64.add
        f64.mul
        f64.const 0x1p+1 (;=2;)
        local.get $p7
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        f64.mul
        call $exp
        local.get $p9
        local.get $p11
        call $momentsRow
        local.get $l12
        i32.const 1
        i32.add
        local.set $l12
        br $L1
      end
    end)
  (func $centroidPass (type $t4) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 f64) (param $p5 f64) (param $p6 f64) (param $p7 f64) (param $p8 f64) (param $p9 f64) (param $p10 f64) (param $p11 i32)
    (local $l12 i32) (local $l13 i32) (local $l14 i32) (local $l15 f64) (local $l16 f64) (local $l17 f64) (local $l18 f64) (local $l19 f64) (local $l20 f64) (local $l21 f64) (local $l22 f64)
    local.get $p4
    local.get $p2
    f64.convert_i32_s
    f64.sub
    local.set $l22
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
        local.set $l16
        local.get $l16
        local.get $l16
        f64.mul
        local.get $p10
        f64.gt
        if $I2
          local.get $l12
          i32.const 1
          i32.add
          local.set $l12
          br $L1
        end
        local.get $p10
        local.get $l16
        local.get $l16
        f64.mul
        f64.sub
        f64.sqrt
        local.set $l19
        local.get $l19
        f64.neg
        local.set $l20
        local.get $l19
        local.set $l21
        f64.const 0x0p+0 (;=0;)
        local.get $l22
        local.get $l20
        f64.add
        f64.ceil
        f64.max
        i32.trunc_sat_f64_s
        local.set $l13
        local.get $p1
        i32.const 1
        i32.sub
        f64.convert_i32_s
        local.get $l22
        local.get $l21
        f64.add
        f64.floor
        f64.min
        i32.trunc_sat_f64_s
        local.set $l14
        local.get $l14
        local.get $l13
        i32.lt_s
        if $I3
          local.get $l12
          i32.const 1
          i32.add
          local.set $l12
          br $L1
        end
        local.get $p2
        local.get $l13
        i32.add
        f64.convert_i32_s
        local.get $p4
        f64.sub
        local.set $l15
        local.get $p0
        local.get $l12
        local.get $p1
        i32.mul
        local.get $l13
        i32.add
        i32.const 2
        i32.shl
        i32.add
        local.get $p0
        local.get $l12
        local.get $p1
        i32.mul
        local.get $l14
        i32.add
        i32.const 2
        i32.shl
        i32.add
        local.get $l15
        local.get $l16
        f64.const -0x1p-1 (;=-0.5;)
        local.get $p6
        local.get $l15
        f64.mul
        local.get $l15
        f64.mul
        f64.const 0x1p+1 (;=2;)
        local.get $p7
        f64.mul
        local.get $l15
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        local.get $p8
        local.get $l16
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        f64.mul
        call $exp
        f64.const -0x1p-1 (;=-0.5;)
        local.get $p6
        f64.const 0x1p+1 (;=2;)
        local.get $l15
        f64.mul
        f64.const 0x1p+0 (;=1;)
        f64.add
        f64.mul
        f64.const 0x1p+1 (;=2;)
        local.get $p7
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        f64.mul
        call $exp
        local.get $p9
        local.get $p11
        call $centroidRow
        local.get $l12
        i32.const 1
        i32.add
        local.set $l12
        br $L1
      end
    end)
  (func $templatePass (type $t4) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 f64) (param $p5 f64) (param $p6 f64) (param $p7 f64) (param $p8 f64) (param $p9 f64) (param $p10 f64) (param $p11 i32)
    (local $l12 i32) (local $l13 i32) (local $l14 i32) (local $l15 f64) (local $l16 f64) (local $l17 f64) (local $l18 f64) (local $l19 f64) (local $l20 f64) (local $l21 f64) (local $l22 f64)
    local.get $p4
    local.get $p2
    f64.convert_i32_s
    f64.sub
    local.set $l22
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
        local.set $l16
        local.get $l16
        local.get $l16
        f64.mul
        local.get $p10
        f64.gt
        if $I2
          local.get $l12
          i32.const 1
          i32.add
          local.set $l12
          br $L1
        end
        local.get $p10
        local.get $l16
        local.get $l16
        f64.mul
        f64.sub
        f64.sqrt
        local.set $l19
        local.get $l19
        f64.neg
        local.set $l20
        local.get $l19
        local.set $l21
        f64.const 0x0p+0 (;=0;)
        local.get $l22
        local.get $l20
        f64.add
        f64.ceil
        f64.max
        i32.trunc_sat_f64_s
        local.set $l13
        local.get $p1
        i32.const 1
        i32.sub
        f64.convert_i32_s
        local.get $l22
        local.get $l21
        f64.add
        f64.floor
        f64.min
        i32.trunc_sat_f64_s
        local.set $l14
        local.get $l14
        local.get $l13
        i32.lt_s
        if $I3
          local.get $l12
          i32.const 1
          i32.add
          local.set $l12
          br $L1
        end
        local.get $p2
        local.get $l13
        i32.add
        f64.convert_i32_s
        local.get $p4
        f64.sub
        local.set $l15
        local.get $p0
        local.get $l12
        local.get $p1
        i32.mul
        local.get $l13
        i32.add
        i32.const 2
        i32.shl
        i32.add
        local.get $p0
        local.get $l12
        local.get $p1
        i32.mul
        local.get $l14
        i32.add
        i32.const 2
        i32.shl
        i32.add
        local.get $l15
        local.get $l16
        f64.const -0x1p-1 (;=-0.5;)
        local.get $p6
        local.get $l15
        f64.mul
        local.get $l15
        f64.mul
        f64.const 0x1p+1 (;=2;)
        local.get $p7
        f64.mul
        local.get $l15
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        local.get $p8
        local.get $l16
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        f64.mul
        call $exp
        f64.const -0x1p-1 (;=-0.5;)
        local.get $p6
        f64.const 0x1p+1 (;=2;)
        local.get $l15
        f64.mul
        f64.const 0x1p+0 (;=1;)
        f64.add
        f64.mul
        f64.const 0x1p+1 (;=2;)
        local.get $p7
        f64.mul
        local.get $l16
        f64.mul
        f64.add
        f64.mul
        call $exp
        local.get $p9
        local.get $p11
        call $templateRow
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
  (export "rings" (func $rings))
  (export "exp" (func $exp))
  (export "momentsPass" (func $momentsPass))
  (export "centroidPass" (func $centroidPass))
  (export "templatePass" (func $templatePass)))
