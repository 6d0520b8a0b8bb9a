/** UI strings in English and Chinese; legend names come from /viewer/legend.json (en/zh). */
export const STRINGS = {
  en: {
    subtitle: 'change viewer', report: 'Report', collections: 'Collections', api: 'API', token: 'Token', jobs: 'Jobs', schedule: 'Schedule a comparison',
    epochA: 'Epoch A', epochB: 'Epoch B', mode: 'Mode', landuseA: 'Land use A', landuseB: 'Land use B', mmu: 'MMU (m²)', submit: 'Submit',
    layers: 'Layers', compare: 'Compare', swipe: 'Swipe A | B', onlyA: 'Epoch A', onlyB: 'Epoch B', falseColour: 'False colour (NIR)',
    patches: 'Patches', allTypes: 'All types', allReview: 'Any review', patch: 'Patch', before: 'Before (A)', after: 'After (B)',
    comment: 'Comment', reviewer: 'Reviewer', approvalRef: 'Approval ref (legal)',
    confirmed: 'Confirm', legal: 'Legal', false_detection: 'False', field_check: 'Field check', unreviewed: 'Unreviewed',
    changeLayer: 'Change raster', outlines: 'Patch outlines', landuseLayerA: 'Land use A', landuseLayerB: 'Land use B',
    noJobs: 'No jobs yet', saved: 'Saved', submitted: 'Submitted job', area: 'Area', type: 'Type', code: 'Code', review: 'Review',
    pixels: 'Pixels', centre: 'Centre', from: 'From class', to: 'To class', magnitude: 'Mean magnitude', id: 'ID',
  },
  zh: {
    subtitle: '变化监测浏览', report: '报告', collections: '图斑集合', api: '接口', token: '令牌', jobs: '任务', schedule: '新建对比任务',
    epochA: '前时相', epochB: '后时相', mode: '模式', landuseA: '前时相地类', landuseB: '后时相地类', mmu: '最小图斑（平方米）', submit: '提交',
    layers: '图层', compare: '对比', swipe: '卷帘 A | B', onlyA: '前时相', onlyB: '后时相', falseColour: '假彩色（近红外）',
    patches: '图斑', allTypes: '全部类型', allReview: '全部核查状态', patch: '图斑', before: '前（A）', after: '后（B）',
    comment: '备注', reviewer: '核查人', approvalRef: '批文号（合法）',
    confirmed: '确认变化', legal: '合法', false_detection: '误检', field_check: '外业核查', unreviewed: '未核查',
    changeLayer: '变化栅格', outlines: '图斑边界', landuseLayerA: '前时相地类', landuseLayerB: '后时相地类',
    noJobs: '暂无任务', saved: '已保存', submitted: '已提交任务', area: '面积', type: '类型', code: '代码', review: '核查',
    pixels: '像元数', centre: '中心', from: '原地类', to: '现地类', magnitude: '平均变化强度', id: '编号',
  },
};
