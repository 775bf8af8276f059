//! Work in flight that a shutdown must let finish: requests being answered and deferred replies
//! still owed to Discord. One tracker for both transports.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// Counts work in flight and wakes waiters when none is left.
#[derive(Debug, Default)]
pub struct InFlight {
    count: AtomicUsize,
    idle: Notify,
}

/// Marks one piece of work in flight until dropped, so a panicking task still counts as done.
#[derive(Debug)]
pub struct InFlightGuard(Arc<InFlight>);

impl InFlight {
    /// Counts work in flight until the guard drops.
    pub fn enter(self: &Arc<Self>) -> InFlightGuard {
        self.count.fetch_add(1, Ordering::AcqRel);
        InFlightGuard(self.clone())
    }

    /// Spawns `task` on the runtime, counted in flight until it ends.
    pub fn spawn(self: &Arc<Self>, task: impl Future<Output = ()> + Send + 'static) {
        let guard = self.enter();
        tokio::spawn(async move {
            let _guard = guard;
            task.await;
        });
    }

    /// How much work is in flight.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }

    /// Waits until nothing is in flight, at most `limit`; whether it got there.
    pub async fn wait_idle(&self, limit: Duration) -> bool {
        tokio::time::timeout(limit, async {
            loop {
                let notified = self.idle.notified();
                tokio::pin!(notified);
                // Register before checking, so a notification between the two is not lost.
                notified.as_mut().enable();
                if self.count() == 0 {
                    return;
                }
                notified.await;
            }
        })
        .await
        .is_ok()
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_in_flight_is_waited_for() {
        let in_flight = Arc::new(InFlight::default());
        assert!(in_flight.wait_idle(Duration::from_millis(1)).await);
        let guard = in_flight.enter();
        assert!(!in_flight.wait_idle(Duration::from_millis(20)).await);
        let waiter = {
            let in_flight = in_flight.clone();
            tokio::spawn(async move { in_flight.wait_idle(Duration::from_secs(5)).await })
        };
        drop(guard);
        assert!(waiter.await.unwrap());
    }

    #[tokio::test]
    async fn a_spawned_task_counts_until_it_ends() {
        let in_flight = Arc::new(InFlight::default());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        in_flight.spawn(async move {
            let _ = rx.await;
        });
        assert_eq!(in_flight.count(), 1);
        drop(tx);
        assert!(in_flight.wait_idle(Duration::from_secs(5)).await);
    }
}
