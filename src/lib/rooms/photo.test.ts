import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeJpeg, fitWithin, NotAnImageError, PHOTO_DECODE_MAX_BYTES, PHOTO_MAX_BYTES, PhotoTooLargeError, preparePhoto } from './photo';

const image = (size: number, type = 'image/jpeg') => new Blob([new Uint8Array(size) as BlobPart], { type });
const shrunk = image(10, 'image/jpeg');
const shrink = vi.fn(async () => shrunk);
const cannotDecode = vi.fn(async () => {
  throw new Error('cannot decode');
});

afterEach(() => {
  vi.clearAllMocks();
  vi.restoreAllMocks();
});

describe('fitWithin', () => {
  it('scales the long side down to 1280 px, keeping the proportions, never up', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1280, height: 960 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 960, height: 1280 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(20000, 10)).toEqual({ width: 1280, height: 1 });
  });
});

describe('preparePhoto', () => {
  it('stores the shrunk JPEG when the browser can decode the image', async () => {
    expect(await preparePhoto(image(3_000_000), shrink)).toBe(shrunk);
    expect(shrink).toHaveBeenCalledOnce();
  });

  it('keeps the original when the browser cannot decode it, up to 8 MB', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const heic = image(2_000_000, 'image/heic');
    expect(await preparePhoto(heic, cannotDecode)).toBe(heic);
    await expect(preparePhoto(image(PHOTO_MAX_BYTES + 1, 'image/heic'), cannotDecode)).rejects.toBeInstanceOf(PhotoTooLargeError);
  });

  it('refuses a file that is not an image, or too heavy to try decoding', async () => {
    await expect(preparePhoto(image(100, 'application/pdf'), shrink)).rejects.toBeInstanceOf(NotAnImageError);
  });

  it('refuses an image it cannot re-encode unless it is a camera format (an SVG runs script)', async () => {
    const cannot = () => Promise.reject(new Error('cannot decode'));
    await expect(preparePhoto(image(100, 'image/svg+xml'), cannot)).rejects.toBeInstanceOf(NotAnImageError);
    await expect(preparePhoto(image(100, 'image/bmp'), cannot)).rejects.toBeInstanceOf(NotAnImageError);
    expect((await preparePhoto(image(100, 'image/heic'), cannot)).type).toBe('image/heic');
    await expect(preparePhoto(image(PHOTO_DECODE_MAX_BYTES + 1), shrink)).rejects.toBeInstanceOf(PhotoTooLargeError);
    expect(shrink).not.toHaveBeenCalled();
  });

  it('falls back to the original where the platform has no image decoding (jsdom)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(encodeJpeg(image(10))).rejects.toThrow();
    const small = image(1000);
    expect(await preparePhoto(small)).toBe(small);
  });
});
