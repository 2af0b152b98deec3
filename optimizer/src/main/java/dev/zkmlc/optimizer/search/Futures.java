package dev.zkmlc.optimizer.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Waiting for the search's parallel work: a task's own exception comes out as itself, not wrapped. */
final class Futures {
    private Futures() {}

    /** The task's result; what it threw is rethrown as it was. {@code what} names the search in an interruption. */
    static <T> T await(Future<T> future, String what) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    /** Runs every task on the pool and returns their results in task order, once all have finished. */
    static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks, String what) {
        List<Future<T>> futures;
        try {
            futures = pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
        List<T> results = new ArrayList<>(futures.size());
        for (Future<T> f : futures) {
            results.add(await(f, what));
        }
        return results;
    }
}
