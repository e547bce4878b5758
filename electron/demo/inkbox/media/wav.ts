/**
 * 16-bit mono PCM WAV, written sample by sample: a short "voice memo" stand-in that any audio
 * decoder plays.
 */
export function encodeWav(sampleRate: number, samples: Float32Array): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(16, 16); // fmt chunk size
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28); // byte rate
  out.writeUInt16LE(2, 32); // block align
  out.writeUInt16LE(16, 34); // bits per sample
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) {
    const clamped = Math.max(-1, Math.min(1, samples[i] ?? 0));
    out.writeInt16LE(Math.round(clamped * 32767), 44 + i * 2);
  }
  return out;
}

/** A two-note chime with a soft attack and decay, so it sounds like something rather than a beep. */
export function chimeSamples(sampleRate: number, seconds: number): Float32Array {
  const samples = new Float32Array(Math.round(sampleRate * seconds));
  const notes = [523.25, 659.25, 783.99];
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRate;
    const note = notes[Math.min(notes.length - 1, Math.floor((t / seconds) * notes.length))] ?? 440;
    const local = t % (seconds / notes.length);
    const envelope = Math.min(1, local * 40) * Math.exp(-local * 4);
    samples[i] = 0.4 * envelope * (Math.sin(2 * Math.PI * note * t) + 0.3 * Math.sin(4 * Math.PI * note * t));
  }
  return samples;
}
