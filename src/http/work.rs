//! Engine work off the async workers: every answer, comparison and command runs on tokio's
//! blocking pool, at most [`Workers::limit`] at once. The async threads only move bytes, so
//! `/healthz` and `/metrics` answer in milliseconds however many heavy questions are queued.

use std::sync::Arc;

use tokio::sync::Semaphore;

use super::{guarded, Panicked};

/// A bound on engine calls running at once, and the way to run one.
#[derive(Debug)]
pub struct Workers {
    permits: Arc<Semaphore>,
    limit: usize,
}

impl Workers {
    /// At most `limit` engine calls at once; 0 means one per CPU.
    pub fn new(limit: usize) -> Workers {
        let limit = if limit == 0 {
            std::thread::available_parallelism().map_or(2, |n| n.get())
        } else {
            limit
        };
        Workers {
            permits: Arc::new(Semaphore::new(limit)),
            limit,
        }
    }

    /// How many engine calls may run at once.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Runs `work` on a blocking thread once a permit is free. A panic in it is a [`Panicked`].
    pub async fn run<T, F>(&self, work: F) -> Result<T, Panicked>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        // The semaphore is never closed, so acquiring only waits.
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Panicked)?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            guarded(work)
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "engine task failed");
            Panicked
        })?
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn no_more_than_the_limit_run_at_once() {
        let workers = Arc::new(Workers::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (workers, running, most) = (workers.clone(), running.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                workers
                    .run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_panic_is_an_error_and_frees_its_permit() {
        let workers = Workers::new(1);
        assert!(workers.run(|| panic!("boom")).await.is_err());
        assert_eq!(workers.run(|| 7).await.unwrap(), 7);
    }
}
