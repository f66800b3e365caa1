// LibreOffice and poppler for the publishing tests: convert a .docx or .xlsx to PDF the way a
// recipient without Word would open it (or a workbook's sheet to CSV, or the workbook to the .xlsx
// LibreOffice saves of what it read), and read the PDF's text back. Each conversion runs in a
// temp dir of its own with its own LibreOffice profile, so parallel ava workers never meet on the
// profile's lock. A missing tool is an error that says how to install it, never a skip.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const INSTALL = 'apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk';
const TIMEOUT_MS = 120_000;

interface Output {
  stdout: string;
  stderr: string;
}

/** Run a tool to its end; a missing tool, a timeout or a non-zero exit throws with its stderr. */
function run(tool: string, args: string[]): Promise<Output> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new Error(`${tool} is not installed (needed by the publishing tests): run ${INSTALL}`, { cause: error }));
      const why = error.killed ? `timed out after ${TIMEOUT_MS / 1000} s` : `exited with ${String(code ?? error.signal)}`;
      reject(new Error(`${tool} ${why}\n${stderr || stdout}`.trimEnd(), { cause: error }));
    });
  });
}

/** A fresh temp dir for `use`, removed afterwards whatever happens. */
async function inTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-office-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Convert a document with headless LibreOffice (`soffice --convert-to`), giving the output's bytes;
 * `filter` is the export filter and its options (the part after `csv:`).
 */
export async function convertWithLibreOffice(bytes: Buffer, extension: 'docx' | 'xlsx', to: 'pdf' | 'xlsx' | 'csv', filter?: string): Promise<Buffer> {
  const [out] = await convertAllWithLibreOffice([bytes], extension, to, filter);
  return out;
}

/** Convert several documents in one start of LibreOffice (a start takes seconds), giving each output in order. */
export function convertAllWithLibreOffice(documents: Buffer[], extension: 'docx' | 'xlsx', to: 'pdf' | 'xlsx' | 'csv', filter?: string): Promise<Buffer[]> {
  return inTempDir(async (dir) => {
    const inputs = documents.map((_, i) => join(dir, `document-${i}.${extension}`));
    await Promise.all(documents.map((bytes, i) => writeFile(inputs[i], bytes)));
    const profile = pathToFileURL(join(dir, 'profile')).href;
    // Written apart from the inputs, which may have the same names.
    const outdir = join(dir, 'out');
    const args = [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', filter ? `${to}:${filter}` : to, '--outdir', outdir, ...inputs];
    // A fresh profile's first start under load now and then aborts (WrappedTargetRuntimeException,
    // seen once in a full test run): a crash is tried once more, a bad conversion is not.
    const { stdout, stderr } = await run('soffice', args).catch((error: Error) => {
      if (!/WrappedTargetRuntimeException|Unspecified Application Error/.test(error.message)) throw error;
      return run('soffice', args);
    });
    // soffice exits 0 when it cannot load or export a file: the missing output is the failure.
    const written = await readdir(outdir).catch(() => [] as string[]);
    return Promise.all(documents.map(async (_, i) => {
      // 「document-0.pdf」, or for one sheet as CSV 「document-0-汇总表.csv」.
      const name = written.find((n) => n.endsWith(`.${to}`) && (n === `document-${i}.${to}` || n.startsWith(`document-${i}-`)));
      try {
        return await readFile(join(outdir, name ?? `document-${i}.${to}`));
      } catch (error) {
        throw new Error(`soffice wrote no .${to} for the .${extension} number ${i}\n${stderr || stdout}`.trimEnd(), { cause: error });
      }
    }));
  });
}

/** One sheet (1 for the first) of a workbook as LibreOffice saves it as UTF-8 CSV, the values unformatted. */
export async function sheetAsCsv(xlsx: Buffer, sheet: number): Promise<string> {
  // Text CSV's options: separator, quote, UTF-8, first line, (import formats), language, quoted as
  // text, detect numbers, save as shown, formulas, trim spaces, which sheet (LibreOffice 7.2+).
  const csv = await convertWithLibreOffice(xlsx, 'xlsx', 'csv', `Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,${sheet}`);
  return csv.toString('utf8');
}

/**
 * The text of each page of a PDF (`pdftotext -raw`). Raw keeps the order the text was written in,
 * which for LibreOffice is a table's cells row by row; the default mode re-orders by position and
 * pulls a narrow column's wrapped labels apart.
 */
export function pdfPages(pdf: Buffer): Promise<string[]> {
  return inTempDir(async (dir) => {
    const input = join(dir, 'document.pdf');
    await writeFile(input, pdf);
    const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', input, '-']);
    // pdftotext ends every page with a form feed.
    return stdout.split('\f').slice(0, -1);
  });
}

