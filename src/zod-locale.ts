/**
 * zod's own messages in Chinese (无效输入：期望 boolean，实际接收 string): the
 * editor and the data providers read them. Imported for its side effect by
 * the modules that validate with zod.
 */
import { z } from 'zod';

z.config(z.locales.zhCN());
