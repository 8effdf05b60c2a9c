// Spectral resolver for this repository: every $ref outside the document is refused, so
// linting never opens the network or a file beside the spec (specs keep all definitions
// in components/; generator/validate.py's lint/local-refs names the offending $ref).
// Use: spectral lint ... --resolver .spectral-resolver.js
const { Resolver } = require("@stoplight/spectral-ref-resolver");

const refuse = {
  resolve: (ref) => Promise.reject(new Error(`non-local $ref refused (specs use only '#/...'): ${ref}`)),
};

module.exports = new Resolver({ resolvers: { http: refuse, https: refuse, file: refuse } });
