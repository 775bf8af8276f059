//! Engine work off the async workers: every answer, comparison and command runs on one of
//! [`Workers::limit`] engine threads. The async threads only move bytes, so `/healthz` and
//! `/metrics` answer in milliseconds however many heavy questions are queued.
//!
//! The threads are long-lived and take jobs from one queue, rather than each job going to
//! tokio's blocking pool behind a semaphore: under load a thread runs job after job without
//! sleeping, where the pool woke a thread (and the semaphore a waiting task) for every answer,
//! and those context switches cost more CPU than the answers on 2 cores.

use super::{guarded, Panicked};

/// Jobs that may wait in the queue per engine thread before callers wait to enqueue: enough
/// to keep a thread busy between two polls of the async side, few enough that a burst waits
/// in its own tasks (which a dropped connection cancels) rather than as queued work.
const QUEUED_PER_THREAD: usize = 4;

type Job = Box<dyn FnOnce() + Send>;

/// A bound on engine calls running at once, and the way to run one.
#[derive(Debug)]
pub struct Workers {
    jobs: flume::Sender<Job>,
    limit: usize,
}

impl Workers {
    /// At most `limit` engine calls at once; 0 means one per CPU. The threads end when the
    /// `Workers` is dropped, after the jobs already queued.
    pub fn new(limit: usize) -> Workers {
        let limit = if limit == 0 {
            std::thread::available_parallelism().map_or(2, |n| n.get())
        } else {
            limit
        };
        let (jobs, queue) = flume::bounded::<Job>(limit * QUEUED_PER_THREAD);
        for i in 0..limit {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("versus-engine-{i}"))
                .spawn(move || {
                    while let Ok(job) = queue.recv() {
                        job();
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start an engine thread");
            }
        }
        Workers { jobs, limit }
    }

    /// How many engine calls may run at once.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Runs `work` on an engine thread once one is free. A panic in it is a [`Panicked`].
    pub async fn run<T, F>(&self, work: F) -> Result<T, Panicked>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The caller may have gone (a dropped connection): nobody to tell.
            let _ = done.send(guarded(work));
        });
        if self.jobs.send_async(job).await.is_err() {
            tracing::error!("no engine thread is running");
            return Err(Panicked);
        }
        result.await.map_err(|_| {
            tracing::error!("an engine job ended without an answer");
            Panicked
        })?
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

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
    async fn a_panic_is_an_error_and_the_thread_goes_on() {
        let workers = Workers::new(1);
        assert!(workers.run(|| panic!("boom")).await.is_err());
        assert_eq!(workers.run(|| 7).await.unwrap(), 7);
    }

    #[tokio::test]
    async fn a_burst_beyond_the_queue_waits_and_every_job_is_answered() {
        let workers = Arc::new(Workers::new(2));
        let n = 20 * QUEUED_PER_THREAD;
        let tasks: Vec<_> = (0..n)
            .map(|i| {
                let workers = workers.clone();
                tokio::spawn(async move { workers.run(move || i * 2).await })
            })
            .collect();
        for (i, t) in tasks.into_iter().enumerate() {
            assert_eq!(t.await.unwrap().unwrap(), i * 2);
        }
    }
}
