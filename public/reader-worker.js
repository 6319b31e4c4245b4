// The reader worker of ML Studio's data worker (src/bin/worker.rs): reads
// `file` from byte `from` on, in pieces of `first` bytes doubling up to
// `last`, with FileReaderSync, and transfers each as {buffer}; then posts
// {done: true}, or {error} when reading fails. A static file (not a blob: URL)
// so that a strict Content-Security-Policy allows it.
"use strict";
onmessage = (event) => {
  const { file, from, first, last } = event.data;
  try {
    const reader = new FileReaderSync();
    for (let at = from, step = first; at < file.size; at += step, step = Math.min(2 * step, last)) {
      const buffer = reader.readAsArrayBuffer(file.slice(at, Math.min(at + step, file.size)));
      postMessage({ buffer }, [buffer]);
    }
    postMessage({ done: true });
  } catch (e) {
    postMessage({ error: String((e && e.message) || e) });
  }
};
