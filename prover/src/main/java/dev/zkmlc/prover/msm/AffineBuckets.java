package dev.zkmlc.prover.msm;

import dev.zkmlc.prover.field.Fq;
import java.util.Arrays;

/**
 * Pippenger buckets kept in affine coordinates and filled with batched affine additions: pending additions into
 * distinct buckets are collected until a batch is full, and all their slope denominators are inverted at once
 * (Montgomery's trick), so an addition costs about six field products instead of the eleven of a mixed Jacobian
 * addition. An addition into a bucket that already has one in flight waits in a queue for a later batch.
 */
final class AffineBuckets {
    final Fq[] x;
    final Fq[] y;
    final boolean[] has;
    private final boolean[] inBatch;
    private final int maxBatch;
    private final int[] batchBucket;
    private final Fq[] batchX;
    private final Fq[] batchY;
    private final Fq[] den;
    private int size;
    private int[] queueBucket = new int[64];
    private Fq[] queueX = new Fq[64];
    private Fq[] queueY = new Fq[64];
    private int queued;

    AffineBuckets(int buckets, int maxBatch) {
        this.x = new Fq[buckets];
        this.y = new Fq[buckets];
        this.has = new boolean[buckets];
        this.inBatch = new boolean[buckets];
        this.maxBatch = maxBatch;
        this.batchBucket = new int[maxBatch];
        this.batchX = new Fq[maxBatch];
        this.batchY = new Fq[maxBatch];
        this.den = new Fq[maxBatch];
    }

    /** Schedules bucket[b] += (px, py). */
    void add(int b, Fq px, Fq py) {
        if (!has[b]) {
            x[b] = px;
            y[b] = py;
            has[b] = true;
        } else if (inBatch[b]) {
            enqueue(b, px, py);
        } else {
            inBatch[b] = true;
            batchBucket[size] = b;
            batchX[size] = px;
            batchY[size] = py;
            size++;
            if (size == maxBatch) {
                flush();
            }
        }
    }

    /** Completes every scheduled addition. */
    void finish() {
        flush();
        while (queued > 0) {
            int n = queued;
            int[] qb = Arrays.copyOf(queueBucket, n);
            Fq[] qx = Arrays.copyOf(queueX, n);
            Fq[] qy = Arrays.copyOf(queueY, n);
            queued = 0;
            for (int i = 0; i < n; i++) {
                add(qb[i], qx[i], qy[i]);
            }
            flush();
        }
    }

    private void enqueue(int b, Fq px, Fq py) {
        if (queued == queueBucket.length) {
            queueBucket = Arrays.copyOf(queueBucket, 2 * queued);
            queueX = Arrays.copyOf(queueX, 2 * queued);
            queueY = Arrays.copyOf(queueY, 2 * queued);
        }
        queueBucket[queued] = b;
        queueX[queued] = px;
        queueY[queued] = py;
        queued++;
    }

    private void flush() {
        for (int k = 0; k < size; k++) {
            int b = batchBucket[k];
            if (x[b].equals(batchX[k])) {
                // Same abscissa: a doubling (denominator 2y) or P + (-P) (no denominator needed).
                den[k] = y[b].equals(batchY[k]) ? y[b].dbl() : Fq.ONE;
            } else {
                den[k] = batchX[k].sub(x[b]);
            }
        }
        Fq.batchInverse(den, size);
        for (int k = 0; k < size; k++) {
            int b = batchBucket[k];
            inBatch[b] = false;
            Fq x1 = x[b];
            Fq y1 = y[b];
            Fq x2 = batchX[k];
            Fq lambda;
            if (x1.equals(x2)) {
                if (!y1.equals(batchY[k])) {
                    has[b] = false;
                    continue;
                }
                Fq xx = x1.square();
                lambda = xx.dbl().add(xx).mul(den[k]);
            } else {
                lambda = batchY[k].sub(y1).mul(den[k]);
            }
            Fq x3 = lambda.square().sub(x1).sub(x2);
            y[b] = lambda.mul(x1.sub(x3)).sub(y1);
            x[b] = x3;
        }
        size = 0;
    }
}
