//! A shared value with a generation number: whoever keeps something derived from it (a GPU
//! texture, the numbers) compares the number, not the value.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

/// A number no value had before: generations are unique across every document of the run,
/// so a cache never mistakes another document's value for the one it holds.
pub fn next_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// A value shared without copying, and its generation: a new value has a new generation,
/// a clone keeps it.
#[derive(Debug)]
pub struct Versioned<T> {
    generation: u64,
    value: Arc<T>,
}

impl<T> Versioned<T> {
    pub fn new(value: T) -> Self {
        Versioned {
            generation: next_generation(),
            value: Arc::new(value),
        }
    }

    /// Replaces the value; it gets a new generation.
    pub fn set(&mut self, value: T) {
        *self = Versioned::new(value);
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The value, to share with another thread or the renderer.
    pub fn shared(&self) -> &Arc<T> {
        &self.value
    }
}

impl<T> Clone for Versioned<T> {
    fn clone(&self) -> Self {
        Versioned {
            generation: self.generation,
            value: Arc::clone(&self.value),
        }
    }
}

impl<T> std::ops::Deref for Versioned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_value_has_a_new_generation_and_a_clone_keeps_it() {
        let mut a = Versioned::new(vec![1, 2]);
        let b = a.clone();
        assert_eq!(b.generation(), a.generation());
        assert!(Arc::ptr_eq(a.shared(), b.shared()), "shared, not copied");
        a.set(vec![1, 2]);
        assert_ne!(
            a.generation(),
            b.generation(),
            "the same contents, set again"
        );
        assert_eq!(*a, *b);
    }
}
