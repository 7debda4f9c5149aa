import type { Message, MessageBlock } from '../message.js';
import { severityOf, titleOf } from './channel-text.js';

/**
 * A message as an e-mail: the subject from its title, an HTML body with the charts inline (`cid:` images, so the
 * mail reads offline and no mail client fetches anything), and the same words as plain text for clients without HTML.
 */

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Set for images shown inside the HTML. */
  cid?: string;
}

export interface MailBody {
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function mailSubject(message: Message): string {
  const title = titleOf(message).replace(/\s+/g, ' ').trim();
  return severityOf(message) === 'critical' ? `[axepilot] CRITICAL: ${title}` : `[axepilot] ${title}`;
}

function blockHtml(block: MessageBlock, cid: string | null): string {
  if (block.kind === 'text') {
    if (block.style === 'mono') return `<pre style="font-family:monospace">${escapeHtml(block.text)}</pre>`;
    if (block.style === 'title') return `<h2>${escapeHtml(block.text)}</h2>`;
    return `<p>${escapeHtml(block.text).replace(/\n/g, '<br>\n')}</p>`;
  }
  if (block.kind === 'image' && cid) {
    const caption = block.caption ? `<br><small>${escapeHtml(block.caption)}</small>` : '';
    return `<p><img src="cid:${cid}" alt="${escapeHtml(block.caption ?? block.filename)}" style="max-width:100%">${caption}</p>`;
  }
  return '';
}

export function mailBody(message: Message): MailBody {
  const attachments: MailAttachment[] = [];
  const html: string[] = [];
  const text: string[] = [];
  for (const block of message.blocks) {
    if (block.kind === 'image') {
      const cid = `chart-${attachments.length + 1}@axepilot`;
      attachments.push({ filename: block.filename, content: block.png, contentType: 'image/png', cid });
      html.push(blockHtml(block, cid));
      text.push(`[chart: ${block.caption ?? block.filename}]`);
    } else if (block.kind === 'file') {
      // A file a command wrote to disk (an export) is not a mail's business; one in memory goes along.
      if ('data' in block) attachments.push({ filename: block.filename, content: block.data, contentType: block.mimeType });
    } else {
      html.push(blockHtml(block, null));
      text.push(block.text);
    }
  }
  if (message.link) {
    html.push(`<p><a href="${escapeHtml(message.link)}">Open AxeOS</a></p>`);
    text.push(`AxeOS: ${message.link}`);
  }
  const subject = mailSubject(message);
  return {
    subject,
    html: `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body>\n${html.join('\n')}\n</body></html>\n`,
    text: `${text.join('\n\n')}\n`,
    attachments,
  };
}
