package dev.zkmlc.prover.msm;

import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.field.Fq;

/**
 * Pippenger buckets kept in affine coordinates and filled with batched affine additions: pending additions into
 * distinct buckets are collected until a batch is full, and all their slope denominators are inverted at once
 * (Montgomery's trick), so an addition costs about six field products instead of the eleven of a mixed Jacobian
 * addition. An addition into a bucket that already has one in flight goes, with a mixed Jacobian addition, into a
 * per-bucket overflow sum instead: a queue for later batches would turn a column of equal scalars (all points in
 * one bucket, common in zkML witnesses) into quadratic work.
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
    /** Per-bucket Jacobian sums of the additions that met a busy bucket; null until first used. */
    final G1[] overflow;

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
        this.overflow = new G1[buckets];
    }

    /** Schedules bucket[b] += (px, py). */
    void add(int b, Fq px, Fq py) {
        if (!has[b]) {
            x[b] = px;
            y[b] = py;
            has[b] = true;
        } else if (inBatch[b]) {
            overflow[b] = (overflow[b] == null ? G1.INFINITY : overflow[b]).addAffine(px, py);
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
