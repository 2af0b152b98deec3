package dev.zkmlc.prover.artifact;

import java.util.zip.Checksum;

/** Where a proving key's bulk polynomials come from: the key's bytes in memory, or its file, read in chunks. */
interface LimbSource {
    /** count field elements of four raw little-endian limbs each, fed to crc as read. */
    long[] limbs(int count, String what, Checksum crc);

    int u32(String what);

    /** Refuses bytes left over. */
    void end();
}
