//! Counting sort into contiguous buckets: items keyed by a bucket index end up grouped by
//! bucket, in their original order within each, with an offset table to find each bucket.
//! Used for spatial grids (the tile's elimination) and row bands (the CPU dot layer).

/// Items grouped by bucket: bucket b holds `items[starts[b]..starts[b + 1]]`.
#[derive(Debug, Default)]
pub struct Buckets<T> {
    pub starts: Vec<usize>,
    pub items: Vec<T>,
}

impl<T: Copy + bytemuck::Zeroable> Buckets<T> {
    /// Groups `keyed` (bucket index, item) pairs into `bucket_count` buckets (stable).
    ///
    /// # Panics
    /// If a bucket index is not below `bucket_count` (a caller's bug, never input-dependent).
    pub fn sort(keyed: Vec<(usize, T)>, bucket_count: usize) -> Self {
        let mut starts = vec![0usize; bucket_count + 1];
        for &(b, _) in &keyed {
            starts[b + 1] += 1;
        }
        for b in 0..bucket_count {
            starts[b + 1] += starts[b];
        }
        let mut fill = starts.clone();
        let mut items = vec![T::zeroed(); keyed.len()];
        for (b, item) in keyed {
            items[fill[b]] = item;
            fill[b] += 1;
        }
        Buckets { starts, items }
    }

    /// The items of buckets `first..end`.
    pub fn range(&self, first: usize, end: usize) -> &[T] {
        &self.items[self.starts[first]..self.starts[end.max(first)]]
    }

    /// The items of bucket `b`.
    pub fn bucket(&self, b: usize) -> &[T] {
        self.range(b, b + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_bucket_keeping_order() {
        let b = Buckets::sort(vec![(2, 7u8), (0, 1), (2, 9), (1, 4), (0, 3)], 4);
        assert_eq!(b.bucket(0), [1, 3]);
        assert_eq!(b.bucket(1), [4]);
        assert_eq!(b.bucket(2), [7, 9]);
        assert!(b.bucket(3).is_empty());
        assert_eq!(b.range(1, 3), [4, 7, 9]);
        assert!(b.range(3, 1).is_empty());
    }
}
