//! Positions in [`super::Knowledge`]'s lists: a topic's, an entry's and a source's, each its
//! own type so that an entry's position is never taken for a topic's. The engine resolves ids
//! to these once, when a brain is built, and compares topics by position from then on.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use super::{Entry, Source, Topic};

/// A position in one of the knowledge's lists.
pub trait Ix: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    /// The position `i` (a list longer than `u32::MAX` is never loaded: files are capped).
    fn new(i: usize) -> Self;
    /// The position as a `usize`.
    fn index(self) -> usize;
}

macro_rules! ix_type {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl Ix for $name {
            fn new(i: usize) -> $name {
                // The lists are built from files of bounded size; past u32 is a bug upstream.
                $name(u32::try_from(i).expect("fewer than 2^32 items in one list"))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl Index<$name> for Vec<$item> {
            type Output = $item;
            fn index(&self, i: $name) -> &$item {
                &self[i.index()]
            }
        }

        impl Index<$name> for [$item] {
            type Output = $item;
            fn index(&self, i: $name) -> &$item {
                &self[i.index()]
            }
        }
    };
}

ix_type!(
    /// A position in `Knowledge::topics`.
    TopicIx,
    Topic
);
ix_type!(
    /// A position in `Knowledge::entries`.
    EntryIx,
    Entry
);
ix_type!(
    /// A position in `Knowledge::sources`.
    SourceIx,
    Source
);

/// `items` with the position of each, typed.
pub fn enumerate<I: Ix, T>(items: &[T]) -> impl Iterator<Item = (I, &T)> + '_ {
    items.iter().enumerate().map(|(i, t)| (I::new(i), t))
}

/// A list with one value per topic, entry or source, indexed by that position's type.
#[derive(Clone)]
pub struct IxVec<I, T> {
    items: Vec<T>,
    ix: PhantomData<fn(I)>,
}

impl<I: Ix, T> IxVec<I, T> {
    /// `n` copies of `value`.
    pub fn filled(n: usize, value: T) -> IxVec<I, T>
    where
        T: Clone,
    {
        IxVec::from(vec![value; n])
    }

    /// How many values it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The value at `i`, if there is one.
    pub fn get(&self, i: I) -> Option<&T> {
        self.items.get(i.index())
    }

    /// The values in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The values with their positions.
    pub fn iter_enumerated(&self) -> impl Iterator<Item = (I, &T)> + '_ {
        enumerate(&self.items)
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IxVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I, T> From<Vec<T>> for IxVec<I, T> {
    fn from(items: Vec<T>) -> IxVec<I, T> {
        IxVec {
            items,
            ix: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for IxVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> IxVec<I, T> {
        IxVec::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<I: Ix, T> Index<I> for IxVec<I, T> {
    type Output = T;
    fn index(&self, i: I) -> &T {
        &self.items[i.index()]
    }
}

impl<I: Ix, T> IndexMut<I> for IxVec<I, T> {
    fn index_mut(&mut self, i: I) -> &mut T {
        &mut self.items[i.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_list_is_indexed_by_its_own_positions() {
        let mut per_topic: IxVec<TopicIx, u8> = IxVec::filled(3, 0);
        per_topic[TopicIx::new(2)] = 7;
        assert_eq!(per_topic[TopicIx::new(2)], 7);
        assert_eq!(per_topic.get(TopicIx::new(3)), None);
        let positions: Vec<usize> = per_topic
            .iter_enumerated()
            .map(|(t, _)| t.index())
            .collect();
        assert_eq!(positions, [0, 1, 2]);
    }
}
