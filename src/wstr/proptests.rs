use super::*;
use proptest::prelude::*;

proptest! {
    /// The fast encoder equals std's encoder plus the NUL rule, for any string.
    #[test]
    fn fast_encoder_matches_std(s in ".*") {
        let got = utf16_from_string(&s);
        if s.contains('\0') {
            prop_assert_eq!(got, Err(Errno::EINVAL));
        } else {
            let mut want: Vec<u16> = s.encode_utf16().collect();
            want.push(0);
            prop_assert_eq!(got.unwrap(), want.clone());
            prop_assert_eq!(s.as_str().with_wide(|w| w.to_vec()).unwrap(), want);
        }
    }

    /// Long ASCII-heavy strings with a NUL anywhere are refused.
    #[test]
    fn nul_anywhere_is_einval(prefix in "[a-z]{0,70}", suffix in "[a-zé]{0,70}") {
        let s = format!("{prefix}\0{suffix}");
        prop_assert_eq!(utf16_from_string(&s), Err(Errno::EINVAL));
        prop_assert_eq!(s.as_str().with_wide(|_| ()), Err(Errno::EINVAL));
    }

    /// Go's decoder then encoder give back any units without NUL.
    #[test]
    fn wtf16_round_trip(units in proptest::collection::vec(1u16..=0xFFFF, 0..64)) {
        let bytes = utf16_to_wtf8(&units);
        let mut back = Vec::new();
        encode_wtf8_into(&bytes, &mut back);
        prop_assert_eq!(back, units);
    }

    /// Arbitrary bytes never panic and never exceed len + 1 units.
    #[test]
    fn go_encoder_bounds(bytes in proptest::collection::vec(1u8..=255, 0..64)) {
        let v = utf16_from_bytes(&bytes).unwrap();
        prop_assert!(v.len() <= bytes.len() + 1);
        prop_assert_eq!(*v.last().unwrap(), 0);
        if let Ok(s) = std::str::from_utf8(&bytes) {
            prop_assert_eq!(v, utf16_from_string(s).unwrap());
        }
    }
}
