// Photos of room problems replicate to every desk of both buildings and stay in each tablet's
// IndexedDB until retention: they are shrunk on the tablet before they are stored.
import { PHOTO_TYPES } from '$lib/domain/attachments';

/** Longest side of a stored photo, in pixels: enough to see a broken lock or a stain. */
export const PHOTO_MAX_SIDE = 1280;
export const PHOTO_QUALITY = 0.8;
/** The largest photo kept as taken, when the browser cannot shrink it (a format it cannot decode). */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
/** Beyond this, do not even try to decode: a tablet's memory is small. */
export const PHOTO_DECODE_MAX_BYTES = 40 * 1024 * 1024;

/** A photo too heavy to be stored (`size` in bytes). */
export class PhotoTooLargeError extends Error {
  readonly name = 'PhotoTooLargeError';
  constructor(readonly size: number) {
    super(`photo of ${size} bytes is over the limit`);
  }
}

/** A file that is not an image (the file chooser lets anything through on some systems). */
export class NotAnImageError extends Error {
  readonly name = 'NotAnImageError';
  constructor(readonly type: string) {
    super(`not an image: ${type || 'unknown type'}`);
  }
}

/** The size of an image scaled down to fit `max` on its long side (never scaled up). */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Re-encodes an image as a small JPEG; rejects when the browser cannot decode it. */
export type JpegEncoder = (image: Blob) => Promise<Blob>;

/**
 * The photo to store: the camera image scaled down to {@link PHOTO_MAX_SIDE} and re-encoded
 * as JPEG (which also drops its metadata, the location included), or, when the browser cannot
 * decode it (HEIC on some browsers), the original file if it is an image of at most
 * {@link PHOTO_MAX_BYTES}. Throws {@link PhotoTooLargeError} or {@link NotAnImageError}.
 */
export async function preparePhoto(file: Blob, encode: JpegEncoder = encodeJpeg): Promise<Blob> {
  if (file.type && !file.type.startsWith('image/')) throw new NotAnImageError(file.type);
  if (file.size > PHOTO_DECODE_MAX_BYTES) throw new PhotoTooLargeError(file.size);
  try {
    return await encode(file);
  } catch (err) {
    console.warn('[accueil] photo kept as taken: the browser cannot shrink it', err);
  }
  if (file.size > PHOTO_MAX_BYTES) throw new PhotoTooLargeError(file.size);
  // Kept as taken only as a camera format: an SVG runs script, and the server refuses anything else.
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) throw new NotAnImageError(file.type);
  return file;
}

/** createImageBitmap + (Offscreen)canvas: no library to ship, works offline. */
export async function encodeJpeg(image: Blob): Promise<Blob> {
  if (typeof createImageBitmap !== 'function') throw new Error('createImageBitmap is not available');
  // Turned upright from the EXIF orientation, as the camera meant it.
  const bitmap = await createImageBitmap(image, { imageOrientation: 'from-image' });
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height);
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      draw(canvas.getContext('2d'), bitmap, width, height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    draw(canvas.getContext('2d'), bitmap, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob gave nothing'))), 'image/jpeg', PHOTO_QUALITY)
    );
  } finally {
    bitmap.close();
  }
}

function draw(ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null, bitmap: ImageBitmap, width: number, height: number): void {
  if (!ctx) throw new Error('no 2D canvas context');
  // JPEG has no transparency: a transparent PNG would turn black without a white ground.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
}
