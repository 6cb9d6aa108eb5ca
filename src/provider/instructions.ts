/** The instructions sheet of a provider template: what to fill in, in the editor's language. */
import type { Month } from '../month/month.js';
import type { TableKind } from '../tables/kind.js';
import { allHeaders } from '../tables/kind.js';
import { HOTLINE_ITEM_NAMES } from '../tables/hotline.js';
import { CATEGORIES, PLATFORMS } from '../tables/telemedicine.js';
import { KIOSK_GROUPS } from '../tables/kiosks.js';

const TYPE_RULES: Record<string, string> = {
  count: '非负整数',
  money: '金额（元），最多两位小数',
  ratio: '“已申明数/规定数”，如 52/129；未反馈时写 未反馈/129',
  name: '单位名称，同一张表中不得重复',
  city: '城市名，带不带“市”均可',
  text: '文字',
  serial: '序号（可不填，程序会重新编号）',
};

function extra(kind: TableKind): string[] {
  switch (kind.id) {
    case 'hotline':
      return [`“项目”一列可填：${Object.values(HOTLINE_ITEM_NAMES).map((n) => n[0]).join('、')}。六类电话之和应等于受理咨询电话总量；两类12345工单不计入总量。`];
    case 'hotline-log':
      return [
        `每行一次来电或一件工单。“业务类型”可填：${Object.entries(HOTLINE_ITEM_NAMES).filter(([k]) => k !== 'total').map(([, n]) => n[0]).join('、')}。`,
        '可以有其他列（来电号码、坐席、通话时长等），程序只读取上述两列。',
      ];
    case 'telemedicine':
      return [
        `每个接入机构一行。“平台”可填：${PLATFORMS.join('、')}；“机构类别”可填：${CATEGORIES.join('、')}。`,
        '“城市”空着表示南京市；“所在区”南京市以外的机构可空。各项数量不适用于本平台的可空。',
      ];
    case 'kiosks':
      return [`“类别”可填：${KIOSK_GROUPS.join('、')}。`];
    case 'collection-districts':
    case 'collection-hospitals':
      return ['“数据上传天数”不得超过本月天数。'];
    default:
      return [];
  }
}

export function instructionsFor(kind: TableKind, month: Month): string[] {
  return [
    `${kind.label}：填报说明`,
    `本表为 ${month.year}年${month.month}月 的数据，标题中的月份请勿改动。请在第 3 行表头下方逐行填写，表头文字不要修改；列的顺序可以调整，可以增加“备注”等其他列。`,
    ...(kind.id === 'hotline-log' ? ['每行一个来电或工单，不要填“合计”行：程序按行计数。'] : ['“合计”行可填可不填；填写时程序会按明细重新计算并核对。']),
    '各列要求：',
    ...kind.columns.map(
      (c) =>
        `· ${c.header}${c.required ? '' : '（可无此列）'}：${TYPE_RULES[c.type]}${c.allowMissing ? '；可空' : ''}${(c.aliases ?? []).length ? `。也可写作：${allHeaders(c).slice(1).join('、')}` : ''}`,
    ),
    ...extra(kind),
    '保存为 .xlsx 格式，不要加密码。填好后可用 bulletin validate 文件名.xlsx --month YYYY-MM 自行检查。',
  ];
}
