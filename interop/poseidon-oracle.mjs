// Computes circomlibjs Poseidon on the cases a zkmlc interop test hands it, so that the Java
// implementation is checked against the tool everyone else uses.
//
// usage: node poseidon-oracle.mjs cases.json > results.txt
// cases.json: {"hash": [[x, ...], ...], "permute": [[s0, s1, ...], ...],
//              "chain": [{"arity": a, "values": [x, ...]}, ...]}
// with every field element a decimal string. results.txt has one line per case, in the order
// above: the kind (hash, permute, chain) and the result, decimal, space-separated.
import { readFileSync } from "node:fs";
import { buildPoseidon } from "circomlibjs";

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const poseidon = await buildPoseidon();
const F = poseidon.F;
const str = (e) => F.toString(e, 10);

// The documented chain rule (docs/poseidon.md), written here from the text, not from the Java code.
function chain(arity, values) {
  const chunk = arity - 1;
  const links = Math.max(1, Math.ceil(values.length / chunk));
  let h = BigInt(values.length);
  for (let link = 0; link < links; link++) {
    const call = [h];
    for (let k = 0; k < chunk; k++) {
      const i = link * chunk + k;
      call.push(i < values.length ? BigInt(values[i]) : 0n);
    }
    h = F.toObject(poseidon(call));
  }
  return h.toString();
}

const lines = [];
for (const xs of cases.hash || []) {
  lines.push("hash " + str(poseidon(xs.map(BigInt))));
}
// circomlibjs's poseidon(inputs, initState, nOut) permutes [initState, ...inputs] and returns the
// first nOut state elements: with nOut = t that is the whole permuted state.
for (const s of cases.permute || []) {
  lines.push("permute " + poseidon(s.slice(1).map(BigInt), BigInt(s[0]), s.length).map(str).join(" "));
}
for (const c of cases.chain || []) {
  lines.push("chain " + chain(c.arity, c.values));
}
process.stdout.write(lines.join("\n") + "\n");
