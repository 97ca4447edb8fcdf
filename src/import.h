/*
 * import.h: folio import, which turns a Word document (.docx) into a
 * folio document with pandoc: GitHub-flavoured Markdown with its front
 * matter started, its images copied beside it, its footnotes kept, a
 * list of what could not be carried over (merged table cells, comments,
 * tracked changes, text boxes) with where each was, and then the site's
 * check of the new file.
 */
#ifndef IMPORT_H
#define IMPORT_H

/*
 * Run "folio import FILE.docx [--type T] [-o PATH] [-s DIR]
 * [--today YYYY-MM-DD]": argv[0] is "import".  Returns the exit status:
 * 0 written and checked without errors; 1 written, but the check found
 * errors in it (printed), or it would replace a file; 2 usage or
 * environment (no pandoc, a file pandoc cannot read).
 */
int	 import_main(int argc, char *argv[]);

#endif /* !IMPORT_H */
