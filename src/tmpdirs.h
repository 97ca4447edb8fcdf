/*
 * tmpdirs.h: the working folders of runs that may be killed (a build's
 * new site beside the output, the preview's private folder), the
 * removal of those a killed run left behind, and removing a tree.
 *
 * A run holds an exclusive lock (flock(2)) on "<folder>.lock", beside
 * its folder, for as long as the folder is its own; the kernel drops the
 * lock when the process dies, however it dies.  A folder whose lock
 * nobody holds therefore belongs to no living run.  A folder with no
 * lock file at all (a run killed between making its folder and its lock,
 * or an older folio) is removed only once it is an hour old and holds
 * the given marker file (folio's output marker).
 */
#ifndef TMPDIRS_H
#define TMPDIRS_H

/*
 * Create and lock "<dir>.lock".  Returns the descriptor holding the
 * lock, or -1 (errno set): the run can go on unlocked, its folder is
 * then only removed an hour after a crash.
 */
int	 tmpdir_lock(const char *dir);

/* Remove "<dir>.lock" and release the lock ("fd" may be -1). */
void	 tmpdir_unlock(const char *dir, int fd);

/*
 * Remove the folders in "parent" whose names start with "prefix", that
 * this user owns and that no living run holds (see above), with their
 * lock files, and lock files left without a folder.  "marker" names the
 * file (in the folder or its "site/") that proves a folder without a
 * lock file is folio's.  "settle", if not NULL, is called with each
 * folder whose lock is free, and "arg", before it is removed (a killed
 * run's work may be finished first).  Failures are ignored: the next
 * run tries again.
 */
void	 tmpdirs_sweep(const char *parent, const char *prefix,
	    const char *marker, void (*settle)(const char *dir, void *arg),
	    void *arg);

/* Remove a directory tree without following links.  0 or -1 (errno). */
int	 rmtree(const char *);

#endif /* !TMPDIRS_H */
