//! The few float operations the core needs that `core` leaves to std (the wasm build is
//! `no_std`, and libm's versions would cost more than these lines).

/// `x` without its fraction. Exact: a value of 2^52 or more has none to drop.
pub fn trunc(x: f64) -> f64 {
    if x.abs() < 4_503_599_627_370_496.0 {
        (x as i64) as f64
    } else {
        x
    }
}

/// The nearest whole number, halves away from zero (as `f64::round`).
pub fn round(x: f64) -> f64 {
    let t = trunc(x);
    if (x - t).abs() >= 0.5 {
        t + if x < 0.0 { -1.0 } else { 1.0 }
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_std() {
        for x in [
            0.0,
            0.49999999999999994,
            0.5,
            1.5,
            2.5,
            -0.5,
            -1.4,
            -2.6,
            1e15 + 0.5,
            4.6e18,
            1.7e308,
            123456.789,
            -0.0,
        ] {
            assert_eq!(trunc(x), x.trunc(), "trunc {x}");
            assert_eq!(round(x), x.round(), "round {x}");
        }
    }
}
