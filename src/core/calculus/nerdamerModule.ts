// nerdamer with its Calculus module (integrate, and the Algebra it needs) and Solve (roots of a
// derivative, for critical points) as one module. The bundles
// load it from a file of its own (dist/nerdamer.js, see scripts/build.mjs), so the worker and the CLI
// do not parse its 400 KB until the first integral.
import nerdamer = require('nerdamer');
import 'nerdamer/Calculus';
import 'nerdamer/Solve';

export = nerdamer;
