// A county as the admin tests set it up: 张家港市 with its 政务公开办 (which only reviews), a
// department and three townships under it, as unit and member CSV texts.

/** The units' CSV: 张家港市 at the top, 政务公开办 under it, the filing units under that. */
export const countyUnits = [
  'name,kind,parent',
  '张家港市,县市政府,',
  '政务公开办,县级部门,张家港市',
  '财政局,县级部门,政务公开办',
  '杨舍镇,镇,政务公开办',
  '金港街道,街道,政务公开办',
  '南丰镇,镇,政务公开办',
].join('\n');

/** The members' CSV: one supervisor at 政务公开办, one filer in each other unit. */
export const countyMembers = 'userid,name,role,unit\ns1,审核人,审核人,政务公开办\nf1,甲,填报人,财政局\nf2,乙,填报人,杨舍镇\nf3,丙,填报人,金港街道\nf4,丁,填报人,南丰镇\nf5,戊,填报人,张家港市\n';
