import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { encodeOpaquePng } from '../../../src/charts/png.js';

describe('encodeOpaquePng', () => {
  it('writes a PNG that decodes to the same pixels', async () => {
    const width = 3;
    const height = 2;
    // prettier-ignore
    const rgba = Uint8Array.from([
      255, 0, 0, 255,   0, 255, 0, 255,   0, 0, 255, 255,
      23, 25, 28, 255,  255, 255, 255, 255,  0, 114, 178, 255,
    ]);

    const png = await encodeOpaquePng(rgba, width, height);

    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([width, height]);
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    expect([...context.getImageData(0, 0, width, height).data]).toEqual([...rgba]);
  });

  it('refuses pixel data of the wrong size', async () => {
    await expect(encodeOpaquePng(new Uint8Array(10), 3, 2)).rejects.toThrow(RangeError);
  });
});
