/**
 * zod's global configuration, set once by importing this module (for its
 * side effect) in the modules that validate with zod:
 *
 * - its messages in Chinese (无效输入：期望 boolean，实际接收 string): the editor
 *   and the data providers read them;
 * - jitless: zod would otherwise write and compile a parser function for each
 *   object schema the first time it is used, which a process that lives for
 *   a second or two pays for and never earns back (a cold build took ≈0.05 s
 *   less without; the call-detail log, the one large input, is not read
 *   through zod).
 */
import { z } from 'zod';

z.config({ ...z.locales.zhCN(), jitless: true });
