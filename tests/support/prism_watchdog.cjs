// Preloaded into Prism (node --require) by tests/support/prism.py.  Prism runs in its own
// process group so it can be stopped as a whole; this makes it also exit when the Python
// process that started it dies without stopping it (killed, crashed): that process holds
// the other end of our stdin, and the kernel closes it then.
"use strict";
const stop = () => process.exit(0);
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
