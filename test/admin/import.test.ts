import iconv from 'iconv-lite';
import { IsNull, type DataSource } from 'typeorm';
import { Member } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { importMembers } from '../../src/admin/import-members.ts';
import { importUnits } from '../../src/admin/import-units.ts';
import { setMemberDisabled } from '../../src/admin/members.ts';
import { decodeCsv } from '../../src/admin/read-csv.ts';
import { forEachDatabase } from '../support/databases.ts';

/** Every unit as `name kind parent`, sorted by name. */
async function unitRows(db: DataSource): Promise<string[]> {
  const units = await db.manager.find(Unit);
  const nameOf = new Map(units.map((u) => [u.id, u.name]));
  return units.map((u) => `${u.name} ${u.kind} ${u.parentId === null ? '-' : nameOf.get(u.parentId)}`).sort();
}

/** Every member as `userId name role unit`, sorted by userId. */
async function memberRows(db: DataSource): Promise<string[]> {
  const nameOf = new Map((await db.manager.find(Unit)).map((u) => [u.id, u.name]));
  return (await db.manager.find(Member)).map((x) => `${x.userId} ${x.name} ${x.role} ${nameOf.get(x.unitId)}`).sort();
}

const county = 'name,kind,parent\n张家港市,县市政府,\n张家港市政务公开办,县级部门,张家港市\n杨舍镇,镇,张家港市政务公开办\n';

forEachDatabase('units are created, and a second import updates kind and parent by name instead of adding them again', async (t, database) => {
  const db = await database.open(t);
  t.deepEqual(await importUnits(db, county), { kind: 'imported', created: 3, updated: 0, unchanged: 0 });
  t.deepEqual(await importUnits(db, 'name,kind,parent\n杨舍镇,街道,张家港市\n张家港市,县市政府,\n金港街道,街道,张家港市\n'), {
    kind: 'imported', created: 1, updated: 1, unchanged: 1,
  });
  t.deepEqual(await unitRows(db), ['张家港市 县市政府 -', '张家港市政务公开办 县级部门 张家港市', '杨舍镇 街道 张家港市', '金港街道 街道 张家港市']);
  t.deepEqual(await importUnits(db, county), { kind: 'imported', created: 0, updated: 1, unchanged: 2 });
  t.deepEqual(await unitRows(db), ['张家港市 县市政府 -', '张家港市政务公开办 县级部门 张家港市', '杨舍镇 镇 张家港市政务公开办', '金港街道 街道 张家港市']);
});

forEachDatabase('a parent may come after its units in the file, or be in the database already', async (t, database) => {
  const db = await database.open(t);
  t.deepEqual(await importUnits(db, 'name,kind,parent\n杨舍镇,镇,政务公开办\n塘桥镇,镇,政务公开办\n政务公开办,县级部门,张家港市\n张家港市,县市政府,\n'), {
    kind: 'imported', created: 4, updated: 0, unchanged: 0,
  });
  t.deepEqual(await importUnits(db, 'name,kind,parent\n凤凰镇,镇,政务公开办\n'), { kind: 'imported', created: 1, updated: 0, unchanged: 0 });
  t.deepEqual(await unitRows(db), ['凤凰镇 镇 政务公开办', '塘桥镇 镇 政务公开办', '张家港市 县市政府 -', '政务公开办 县级部门 张家港市', '杨舍镇 镇 政务公开办']);
});

forEachDatabase('every bad row is reported with its line and a reason, and nothing is written', async (t, database) => {
  const db = await database.open(t);
  await importUnits(db, 'name,kind,parent\n张家港市,县市政府,\n');
  const csv = [
    'name,kind,parent',
    '杨舍镇,镇,张家港市', // fine, but must not be written
    '南丰村,村,杨舍镇',
    ',镇,张家港市',
    '杨舍镇,街道,张家港市',
    '塘桥镇,镇,常熟市',
    '凤凰镇,镇,凤凰镇',
    '乐余镇,,',
    '锦丰镇,镇,张家港市,多余',
    `${'长'.repeat(101)},镇,`,
  ].join('\n');
  t.deepEqual(await importUnits(db, csv), {
    kind: 'refused',
    problems: [
      '第3行：类型「村」无效，应为 镇、乡、街道、县级部门、县市政府之一',
      '第4行：单位名称为空',
      '第5行：单位「杨舍镇」与第2行重复',
      '第6行：上级单位「常熟市」不存在：既不在本文件中，也不在数据库中',
      '第7行：「凤凰镇」的上级单位不能是它自己',
      '第8行：类型为空，应为 镇、乡、街道、县级部门、县市政府之一',
      '第9行：有4个字段，表头只有3个；名称中有逗号时，请用英文双引号把整个字段括起来',
      '第10行：单位名称超过100个字',
    ],
  });
  t.deepEqual(await unitRows(db), ['张家港市 县市政府 -']);
  t.deepEqual(await importUnits(db, 'name,kind\n杨舍镇,镇\n'), {
    kind: 'refused', problems: ['第1行：表头缺少「parent」或「上级单位」列；表头应为 name,kind,parent 或 单位名称,类型,上级单位'],
  });
  t.deepEqual(await importUnits(db, '单位名称,类型,上级单位\r\n'), { kind: 'refused', problems: ['文件中只有表头，没有单位'] });
});

forEachDatabase('a cycle of supervising units is refused once, also when it runs through a unit already stored', async (t, database) => {
  const db = await database.open(t);
  t.deepEqual(await importUnits(db, 'name,kind,parent\n甲镇,镇,乙镇\n丙镇,镇,甲镇\n乙镇,镇,甲镇\n'), {
    kind: 'refused', problems: ['第2行：上级单位形成循环：甲镇 → 乙镇 → 甲镇'],
  });
  await importUnits(db, 'name,kind,parent\n政务公开办,县级部门,张家港市\n张家港市,县市政府,\n');
  t.deepEqual(await importUnits(db, 'name,kind,parent\n张家港市,县市政府,杨舍镇\n杨舍镇,镇,政务公开办\n'), {
    kind: 'refused', problems: ['第2行：上级单位形成循环：张家港市 → 杨舍镇 → 政务公开办 → 张家港市'],
  });
  t.deepEqual(await unitRows(db), ['张家港市 县市政府 -', '政务公开办 县级部门 张家港市']);
});

forEachDatabase('Chinese headers, a BOM, CRLF line ends and quoted fields are read as Excel writes them', async (t, database) => {
  const db = await database.open(t);
  const csv = '\uFEFF单位名称,类型,上级单位\r\n"张家港市人民政府",县市政府,""\r\n"张家港市""放管服""改革办公室",县级部门,张家港市人民政府\r\n';
  t.deepEqual(await importUnits(db, csv), { kind: 'imported', created: 2, updated: 0, unchanged: 0 });
  t.deepEqual(await unitRows(db), ['张家港市"放管服"改革办公室 县级部门 张家港市人民政府', '张家港市人民政府 县市政府 -']);
});

forEachDatabase('members are created and updated by userid, with roles in English or Chinese', async (t, database) => {
  const db = await database.open(t);
  await importUnits(db, county);
  t.deepEqual(await importMembers(db, 'userid,name,role,unit\nzhang.san,张三,填报人,杨舍镇\nli-si@zjg,李四,supervisor,张家港市政务公开办\nwang_wu,王五,Admin,张家港市\n'), {
    kind: 'imported', created: 3, updated: 0, unchanged: 0,
  });
  t.deepEqual(await importMembers(db, '\uFEFF账号,姓名,角色,单位\r\nzhang.san,张三,审核人,张家港市政务公开办\r\nwang_wu,王五,管理员,张家港市\r\nzhao6,赵六,filer,杨舍镇\r\n'), {
    kind: 'imported', created: 1, updated: 1, unchanged: 1,
  });
  t.deepEqual(await memberRows(db), [
    'li-si@zjg 李四 supervisor 张家港市政务公开办', 'wang_wu 王五 admin 张家港市', 'zhang.san 张三 supervisor 张家港市政务公开办', 'zhao6 赵六 filer 杨舍镇',
  ]);
});

forEachDatabase('members with an unknown unit, a bad userid, name or role, or a userid twice are refused by line, and nothing is written', async (t, database) => {
  const db = await database.open(t);
  await importUnits(db, county);
  const csv = [
    'userid,name,role,unit',
    'zhangsan,张三,填报人,杨舍镇', // fine, but must not be written
    'lisi,李四,填报人,塘桥镇',
    '张三,张三,填报人,杨舍镇',
    '_wang,王五,填报人,杨舍镇',
    `${'a'.repeat(65)},赵六,填报人,杨舍镇`,
    'zhangsan,张三丰,审核人,杨舍镇',
    'qian7,,领导,',
    ',孙八,filer,杨舍镇',
  ].join('\n');
  t.deepEqual(await importMembers(db, csv), {
    kind: 'refused',
    problems: [
      '第3行：单位「塘桥镇」不存在，请先导入单位',
      '第4行：账号「张三」无效：企业微信账号由1～64个字母、数字或 _-@. 组成，并以字母或数字开头',
      '第5行：账号「_wang」无效：企业微信账号由1～64个字母、数字或 _-@. 组成，并以字母或数字开头',
      `第6行：账号「${'a'.repeat(65)}」无效：企业微信账号由1～64个字母、数字或 _-@. 组成，并以字母或数字开头`,
      '第7行：账号「zhangsan」与第2行重复',
      '第8行：姓名为空',
      '第8行：角色「领导」无效，应为 填报人、审核人、管理员（或 filer、supervisor、admin）之一',
      '第8行：单位为空',
      '第9行：账号为空',
    ],
  });
  t.deepEqual(await memberRows(db), []);
  t.deepEqual(await importMembers(db, 'userid,name,unit\nzhangsan,张三,杨舍镇\n'), {
    kind: 'refused', problems: ['第1行：表头缺少「role」或「角色」列；表头应为 userid,name,role,unit 或 账号,姓名,角色,单位'],
  });
});

forEachDatabase('a GBK file written by a real encoder imports the same as its UTF-8 twin', async (t, database) => {
  const units = '单位名称,类型,上级单位\r\n某县人民政府,县市政府,\r\n城关镇人民政府,镇,某县人民政府\r\n“放管服”改革办公室,县级部门,某县人民政府\r\n';
  const members = '账号,姓名,角色,单位\r\nzhangsan,张三,填报人,城关镇人民政府\r\nli.si,欧阳娜娜,审核人,某县人民政府\r\n';
  const imported = async (db: DataSource, encode: (text: string) => Buffer) => {
    const read = (text: string) => {
      const decoded = decodeCsv(encode(text));
      return decoded.kind === 'read' ? decoded.text : decoded.reason;
    };
    return [await importUnits(db, read(units)), await importMembers(db, read(members)), await unitRows(db), await memberRows(db)];
  };
  const utf8 = await imported(await database.open(t), (text) => Buffer.from(`\uFEFF${text}`));
  const gbk = await imported(await database.open(t), (text) => iconv.encode(text, 'gbk'));
  t.deepEqual(gbk, utf8);
  t.deepEqual(utf8, [
    { kind: 'imported', created: 3, updated: 0, unchanged: 0 },
    { kind: 'imported', created: 2, updated: 0, unchanged: 0 },
    ['“放管服”改革办公室 县级部门 某县人民政府', '城关镇人民政府 镇 某县人民政府', '某县人民政府 县市政府 -'],
    ['li.si 欧阳娜娜 supervisor 某县人民政府', 'zhangsan 张三 filer 城关镇人民政府'],
  ]);
});

forEachDatabase('kinds as admins write them: 街道办, 部门, 县政府 are read; 乡镇 is asked about; a file separated by Chinese commas is read', async (t, database) => {
  const db = await database.open(t);
  t.deepEqual(await importUnits(db, '单位名称，类型，上级单位\n某县人民政府，县政府，\n东街，街道办事处，某县人民政府\n西街，街道办，某县人民政府\n教育局，部门，某县人民政府\n凤凰，乡镇，某县人民政府\n'), {
    kind: 'refused', problems: ['第6行：类型「乡镇」请写明是「镇」还是「乡」'],
  });
  t.deepEqual(await importUnits(db, '单位名称，类型，上级单位\n某县人民政府，县政府，\n东街，街道办事处，某县人民政府\n西街，街道办，某县人民政府\n教育局，部门，某县人民政府\n凤凰镇，镇政府，某县人民政府\n'), {
    kind: 'imported', created: 5, updated: 0, unchanged: 0,
  });
  t.deepEqual(await unitRows(db), ['东街 街道 某县人民政府', '凤凰镇 镇 某县人民政府', '教育局 县级部门 某县人民政府', '某县人民政府 县市政府 -', '西街 街道 某县人民政府']);
});

forEachDatabase('a unit name close to an existing one is answered 您是指…吗？ as a parent or a member\'s unit, and noted when a new unit is created', async (t, database) => {
  const db = await database.open(t);
  await importUnits(db, 'name,kind,parent\n某县人民政府,县市政府,\n城关镇人民政府,镇,某县人民政府\n');
  t.deepEqual(await importUnits(db, 'name,kind,parent\n东街社区,街道,城关镇\n教育局,县级部门,某县政府\n'), {
    kind: 'refused',
    problems: [
      '第2行：上级单位「城关镇」不存在：既不在本文件中，也不在数据库中。您是指『城关镇人民政府』吗？',
      '第3行：上级单位「某县政府」不存在：既不在本文件中，也不在数据库中。您是指『某县人民政府』吗？',
    ],
  });
  t.deepEqual(await importMembers(db, 'userid,name,role,unit\nzhangsan,张三,filer,城关镇\nlisi,李四,filer,卫健委\n'), {
    kind: 'refused', problems: ['第2行：单位「城关镇」不存在。您是指『城关镇人民政府』吗？', '第3行：单位「卫健委」不存在，请先导入单位'],
  });
  t.deepEqual(await importUnits(db, 'name,kind,parent\n城关镇,镇,某县人民政府\n'), {
    kind: 'imported', created: 1, updated: 0, unchanged: 0,
    notes: ['第2行：新建了单位「城关镇」，与已有的『城关镇人民政府』相近；如是同一单位，请用 nianbao unit delete 删除新建的，并在文件中改用已有名称'],
  });
});

forEachDatabase('userids are compared ignoring case: a row updates the member whatever the case, two rows differing by case are refused, a disabled member stays disabled', async (t, database) => {
  const db = await database.open(t);
  await importUnits(db, county);
  await importMembers(db, 'userid,name,role,unit\nZhangSan,张三,filer,杨舍镇\nlisi,李四,filer,杨舍镇\n');
  t.deepEqual(await importMembers(db, 'userid,name,role,unit\nzhangsan,张三,filer,杨舍镇\nLiSi,李四,filer,杨舍镇\nLISI,李四,filer,杨舍镇\n'), {
    kind: 'refused', problems: ['第4行：账号「LISI」与第3行的「LiSi」重复（企业微信账号不区分大小写）'],
  });
  await setMemberDisabled(db, 'lisi', true, new Date('2026-01-05T02:00:00Z'));
  t.deepEqual(await importMembers(db, 'userid,name,role,unit\nzhangsan,张三,filer,杨舍镇\nlisi,李四,supervisor,张家港市\n'), {
    kind: 'imported', created: 0, updated: 2, unchanged: 0,
    notes: ['第3行：成员「李四」（lisi）已停用，导入未改变这一点；如需恢复，请运行 nianbao member enable lisi'],
  });
  t.deepEqual(await memberRows(db), ['lisi 李四 supervisor 张家港市', 'zhangsan 张三 filer 杨舍镇']);
  t.is(await db.manager.countBy(Member, { disabledAt: IsNull() }), 1);
});
