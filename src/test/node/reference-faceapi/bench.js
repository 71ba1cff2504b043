// Times the reference implementation of dlib-resnet34: face-api.js FaceRecognitionNet.computeFaceDescriptor on
// tfjs-wasm in Node (single-threaded: tfjs-backend-wasm 4.22 has no thread support in Node, and the count is set to 1
// anyway), on the golden 150x150 dlib chips. First checks that the descriptor of the first chip equals the golden one,
// so that the timing is of the right computation. Usage: node bench.js [--faces N] [--warmup N] [--shared DIR]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

function usage(msg) {
  console.error(`${msg}\nusage: node bench.js [--faces N] [--warmup N] [--shared DIR]`);
  process.exit(2);
}

function parseArgs(argv) {
  const a = { faces: 300, warmup: 20, shared: path.resolve(__dirname, '../../../../../shared') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[++i];
    if (v === undefined) usage(`${k} needs a value`);
    if (k === '--faces' || k === '--warmup') {
      a[k.slice(2)] = Number.parseInt(v, 10);
      if (!(a[k.slice(2)] > 0)) usage(`${k} must be a positive integer, got ${v}`);
    } else if (k === '--shared') a.shared = v;
    else usage(`unknown option ${k}`);
  }
  return a;
}

// The golden README's input: the chip's RGB bytes as an int32 [150, 150, 3] tensor.
function chipTensor(file) {
  const png = PNG.sync.read(fs.readFileSync(file)); // RGBA, 8 bits per channel
  if (png.width !== 150 || png.height !== 150) throw new Error(`${file}: ${png.width}x${png.height}, expected 150x150`);
  const rgb = new Int32Array(150 * 150 * 3);
  for (let i = 0; i < 150 * 150; i++) {
    rgb[3 * i] = png.data[4 * i];
    rgb[3 * i + 1] = png.data[4 * i + 1];
    rgb[3 * i + 2] = png.data[4 * i + 2];
  }
  return tf.tensor3d(rgb, [150, 150, 3], 'int32');
}

function goldenDescriptors(csv) {
  const rows = new Map();
  for (const line of fs.readFileSync(csv, 'utf8').trim().split('\n').slice(1)) {
    const cells = line.split(',');
    rows.set(cells[0], cells.slice(1).map(Number));
  }
  return rows;
}

function quantile(sorted, q) {
  return sorted[Math.ceil(q * sorted.length) - 1];
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const weights = path.join(args.shared, 'weights/dlib-resnet34');
  const golden = path.join(args.shared, 'golden/dlib-chip/lfw');
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  await faceapi.nets.faceRecognitionNet.loadFromDisk(weights);

  // Every row of descriptors.csv names an image; its chip is chips/<person>/<file>.png.
  const expected = goldenDescriptors(path.join(golden, 'descriptors.csv'));
  const keys = [...expected.keys()];
  if (keys.length === 0) throw new Error(`${golden}/descriptors.csv: no rows`);
  const chips = keys.map((k) => chipTensor(path.join(golden, 'chips', k.replace(/\.[^./]+$/, '.png'))));
  const firstKey = keys[0];
  const want = expected.get(firstKey);
  const got = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chips[0]);
  const maxDiff = Math.max(...want.map((w, i) => Math.abs(w - got[i])));
  if (!(maxDiff <= 1e-5)) throw new Error(`${firstKey}: descriptor differs from the golden one by ${maxDiff}`);

  for (let i = 0; i < args.warmup; i++) {
    await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chips[i % chips.length]);
  }
  const ms = [];
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let i = 0; i < args.faces; i++) {
    const t0 = process.hrtime.bigint();
    await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chips[i % chips.length]);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const wallS = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  ms.sort((x, y) => x - y);
  console.log(`face-api ${faceapi.version} on tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, `
    + `SIMD ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, `
    + `threads ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}, XNNPACK threads ${wasm.getThreadsCount()}, Node ${process.version}, ${os.cpus()[0].model}`);
  console.log(`first chip ${firstKey}: max |descriptor - golden| = ${maxDiff.toExponential(2)}`);
  console.log(`${args.faces} faces (${chips.length} chips cycled, ${args.warmup} warm-up): `
    + `median ${quantile(ms, 0.5).toFixed(2)} ms, p95 ${quantile(ms, 0.95).toFixed(2)} ms, `
    + `${(args.faces / wallS).toFixed(1)} faces/s, CPU ${((cpu.user + cpu.system) / 1000 / args.faces).toFixed(2)} ms/face, `
    + `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
