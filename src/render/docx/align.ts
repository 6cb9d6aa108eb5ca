/** The document model's alignments as Word's (w:jc): one map for paragraphs and table cells alike. */
import { AlignmentType } from 'docx';
import type { Align } from '../../document/blocks.js';

export const DOCX_ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.BOTH,
} as const satisfies Record<Align, string>;
