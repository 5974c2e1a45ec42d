import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { ReceiptDoc } from '$lib/domain/receipt';
import { dossierStatement } from './dossier-text';
import { TIME_ZONE } from '$lib/domain/dates';

/** What the header says of the building (from its `site` document). */
export interface SiteHeader {
  name: string;
  address: string;
}

const BLUE = rgb(0.0, 0.27, 0.52);
const MARGIN = 56;
const WIDTH = 595.28; // A4 portrait, in points
const HEIGHT = 841.89;

// The standard fonts encode WinAnsi (Latin-1 and a few typographic signs): anything else
// (emoji, other scripts) becomes "?" rather than failing the whole receipt.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export function winAnsi(value: string): string {
  return [...value.normalize('NFC')].map((ch) => {
    const c = ch.codePointAt(0) ?? 63;
    return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.includes(ch) ? ch : '?';
  }).join('');
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
/** "29/11/2026 à 11:05", in Paris time. */
export function receiptDateFr(iso: string): string {
  const parts = Object.fromEntries(dateTime.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} à ${parts.hour}:${parts.minute}`;
}

/** Writes lines top-down, wrapping words to the page width and opening pages as needed. */
class Writer {
  y = HEIGHT - MARGIN;
  page: PDFPage;
  constructor(private doc: PDFDocument, private fonts: { regular: PDFFont; bold: PDFFont }) {
    this.page = doc.addPage([WIDTH, HEIGHT]);
  }
  ensure(height: number) {
    if (this.y - height < MARGIN) {
      this.page = this.doc.addPage([WIDTH, HEIGHT]);
      this.y = HEIGHT - MARGIN;
    }
  }
  line(value: string, opts: { size?: number; bold?: boolean; indent?: number; color?: ReturnType<typeof rgb> } = {}) {
    const size = opts.size ?? 11;
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const x = MARGIN + (opts.indent ?? 0);
    const maxWidth = WIDTH - MARGIN - x;
    const words = winAnsi(value).split(/\s+/).filter(Boolean);
    let current = '';
    const flush = () => {
      this.ensure(size * 1.4);
      this.y -= size * 1.4;
      this.page.drawText(current, { x, y: this.y, size, font, color: opts.color ?? rgb(0, 0, 0) });
      current = '';
    };
    for (const w of words) {
      const next = current ? `${current} ${w}` : w;
      if (current && font.widthOfTextAtSize(next, size) > maxWidth) {
        flush();
        current = w;
      } else current = next;
    }
    if (current) flush();
  }
  gap(points = 8) {
    this.y -= points;
  }
}

/**
 * The récépissé as a PDF: the city's header, the building's name and address, the number,
 * date and time, the person and the identity check, the documents, and for a dossier the
 * procedure and every missing required piece stated explicitly (optional ones as not supplied); the signature when given.
 */
export async function renderReceiptPdf(r: ReceiptDoc, site: SiteHeader, signaturePng?: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(winAnsi(`Récépissé ${r.number}`));
  doc.setAuthor('Ville de Chambéry');
  doc.setCreationDate(new Date(r.createdAt));
  doc.setModificationDate(new Date(r.createdAt));
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const w = new Writer(doc, fonts);

  w.line('Ville de Chambéry', { size: 18, bold: true, color: BLUE });
  w.line(`Accueil – ${site.name}`, { size: 12, bold: true });
  w.line(site.address, { size: 10 });
  w.gap(6);
  w.page.drawLine({ start: { x: MARGIN, y: w.y }, end: { x: WIDTH - MARGIN, y: w.y }, thickness: 1, color: BLUE });
  w.gap(14);

  w.line(`Récépissé de ${r.kind === 'remise' ? 'remise de document' : 'dépôt de dossier'}`, { size: 15, bold: true });
  w.line(`N° ${r.number}`, { size: 13, bold: true });
  w.line(`Date : ${receiptDateFr(r.createdAt)}`);
  w.gap();

  w.line(r.kind === 'remise' ? 'Remis à' : 'Déposé par', { bold: true });
  w.line(r.person.name, { indent: 12 });
  w.line(r.person.idChecked ? `Identité vérifiée : oui (${r.person.idDocument ?? 'pièce non précisée'})` : 'Identité vérifiée : non', { indent: 12 });
  w.gap();

  if (r.dossier) {
    w.line(`Démarche : ${r.dossier.procedure}`, { bold: true });
    w.gap(4);
  }
  w.line(r.kind === 'remise' ? 'Document(s) remis' : 'Pièce(s) reçue(s)', { bold: true });
  for (const d of r.documents) w.line(`• ${d}`, { indent: 12 });
  w.gap();

  if (r.dossier) {
    const red = rgb(0.6, 0, 0);
    for (const l of dossierStatement(r.dossier.items)) {
      w.line(l.text, { bold: l.kind === 'title', size: l.kind === 'note' ? 10 : 11, indent: l.kind === 'title' ? 0 : 12, ...(l.warning ? { color: red } : {}) });
    }
    w.gap();
  }

  w.line(`Agent d'accueil : ${r.adviser}`);
  w.gap();
  w.line(r.kind === 'remise' ? 'Signature de la personne qui reçoit le document :' : 'Signature du déposant :', { size: 10 });
  if (signaturePng) {
    const png = await doc.embedPng(signaturePng);
    const scale = Math.min(220 / png.width, 90 / png.height, 1);
    w.ensure(png.height * scale + 10);
    w.y -= png.height * scale + 4;
    w.page.drawImage(png, { x: MARGIN, y: w.y, width: png.width * scale, height: png.height * scale });
  }
  w.gap(16);
  w.line('Ce récépissé ne préjuge pas de la décision de l’administration. Conservez-le.', { size: 9, color: rgb(0.3, 0.3, 0.3) });
  return doc.save();
}
