import type { EChartsOption } from 'echarts';

export type ChartId = 'bookings-by-hospital' | 'booking-channels' | 'hotline-categories' | 'kiosk-payments' | 'telemedicine-uploads';

/** A chart before it is drawn: what it says and the ECharts option that draws it. */
export interface ChartDraft {
  id: ChartId;
  /** the caption without its number: 2020年10月各医院预约挂号量（前10名） */
  title: string;
  /** one or two sentences with every figure the chart shows, for screen readers */
  alt: string;
  option: EChartsOption;
  /** points */
  width: number;
  height: number;
}
