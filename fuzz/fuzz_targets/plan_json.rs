//! Any bytes as a plan file: parsing and validation must return an error or a plan, never
//! panic; a plan that validates must also place its impressions and compute its numbers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smp_preview::core::numbers::PlanNumbers;
use smp_preview::core::plan::Plan;
use smp_preview::core::sampling::impressions_for;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(plan) = Plan::from_json(text) {
        let impressions = impressions_for(&plan);
        let _ = PlanNumbers::compute(&plan, &impressions);
        let _ = plan.to_json();
    }
});
