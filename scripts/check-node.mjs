// Runs before every npm entry point (demo, cli, web, bench, dev, build, start, test), on whatever
// Node the user has, before anything loads better-sqlite3: on Node < 22 that native module
// crashes the process with a segmentation fault and prints nothing. Plain JavaScript with no
// imports, so it runs even when `npm install` refused to install anything.
var required = 22;
var major = Number(process.versions.node.split('.')[0]);
if (!(major >= required)) {
  process.stderr.write(
    'Textdesk needs Node.js ' + required + ' or newer; this is ' + process.version + '. ' +
      'Install Node.js ' + required + ' (nvm install ' + required + ', or https://nodejs.org), ' +
      'or run it without installing: npx -p node@' + required + ' -- npm ci && npx -p node@' + required + ' -- npm run demo\n',
  );
  process.exit(1);
}
