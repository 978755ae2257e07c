// The names by which wasm-bindgen's JS and the wasm find each other are
// long and end in a 16-digit hash ("__wbg_setAttribute_2b3f…"): ~230
// imports, each spelled once in the JS and once in the wasm, where gzip
// cannot shorten the hashes. They are only ever matched with each other,
// so both files get short names instead ($0, $1, …; "$" alone for the
// import module), consistently: the page loads and calls exactly what it
// did. Exports keep their names (the page's code, and tests reading
// `memory`, use them) except wasm-bindgen's hashed and internal ones.

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** A name: its bytes, and the offset after it. */
function name(bytes, at) {
  const [length, start] = leb(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(start, start + length)), start + length];
}

function encodeName(text) {
  const utf8 = new TextEncoder().encode(text);
  return [...encodeLeb(utf8.length), ...utf8];
}

/** Skips limits (of a table or memory): flags, min, and max when flagged. */
function limits(bytes, at) {
  const [flags, next] = leb(bytes, at);
  at = leb(bytes, next)[1];
  return flags & 1 ? leb(bytes, at)[1] : at;
}

/** The offset after an import's description (function, table, memory, global, tag). */
function skipImport(bytes, kind, at) {
  switch (kind) {
    case 0: return leb(bytes, at)[1];
    case 1: return limits(bytes, at + 1);
    case 2: return limits(bytes, at);
    case 3: return at + 2;
    case 4: return leb(bytes, at + 1)[1];
    default: throw new Error(`import of unknown kind ${kind}`);
  }
}

/** Exports renamed: wasm-bindgen's own and those named with a hash. */
const internal = /^(__wbindgen_|__externref_|__wbg_|wasm_bindgen__)|_h[0-9a-f]{16}$/;

/** `wasm` (bytes) and `js` (its wasm-bindgen JS) with short names for their links. */
export function shortenNames(wasm, js) {
  const sections = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    sections.push({ id, body: wasm.subarray(start, start + size) });
    at = start + size;
  }
  const renames = new Map();
  let next = 0;
  const short = (old) => {
    if (!renames.has(old)) renames.set(old, `$${(next++).toString(36)}`);
    return renames.get(old);
  };
  const modules = new Set();
  for (const section of sections) {
    const body = section.body;
    const out = [];
    if (section.id === 2) {
      let [count, p] = leb(body, 0);
      out.push(...encodeLeb(count));
      while (count--) {
        let module, field;
        [module, p] = name(body, p);
        [field, p] = name(body, p);
        const kind = body[p];
        const end = skipImport(body, kind, p + 1);
        modules.add(module);
        out.push(...encodeName("$"), ...encodeName(short(field)), ...body.subarray(p, end));
        p = end;
      }
    } else if (section.id === 7) {
      let [count, p] = leb(body, 0);
      out.push(...encodeLeb(count));
      while (count--) {
        let field;
        [field, p] = name(body, p);
        const end = leb(body, p + 1)[1];
        out.push(...encodeName(internal.test(field) ? short(field) : field), ...body.subarray(p, end));
        p = end;
      }
    } else {
      continue;
    }
    section.body = Uint8Array.from(out);
  }
  if (/(?<![\w$])\$[0-9a-z]+(?![\w$])/.test(js)) throw new Error("the JS already has names like $0");
  if (modules.size !== 1) throw new Error(`imports from ${modules.size} modules, expected one`);
  const [module] = modules;
  const key = `${JSON.stringify(module)}: import0,`;
  if (!js.includes(key)) throw new Error(`the JS does not name its import module as ${key}`);
  js = js.replace(key, `"$": import0,`);
  // Whole identifiers only; each old name is a wasm-bindgen name that the
  // JS must spell at least once (as the import object's key, or `wasm.NAME`).
  for (const [old, renamed] of renames) {
    const token = new RegExp(`(?<![\\w$])${old.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
    let found = 0;
    js = js.replace(token, () => (found++, renamed));
    if (!found) throw new Error(`the JS never names ${old}`);
  }
  const parts = [wasm.subarray(0, 8)];
  for (const { id, body } of sections) parts.push(Uint8Array.from([id, ...encodeLeb(body.length)]), body);
  return { wasm: Buffer.concat(parts), js };
}
