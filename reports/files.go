package reports

import (
	"fmt"
	"os"
	"path/filepath"
)

// Target is a file figcheck is asked to write: Arg is how the command
// line asked for it (--format json=out.json), for messages.
type Target struct{ Arg, Path string }

// CheckPaths returns an error when a file would be written over one of
// the inputs, or two files to one path: both would destroy a file, and the
// first silently. It compares files themselves where they exist (so that a
// link or another spelling of a path is caught) and cleaned absolute paths
// where they do not.
func CheckPaths(targets []Target, inputs []string) error {
	seen := map[string]Target{} // by fileKey
	for _, t := range targets {
		for _, in := range inputs {
			if sameFile(t.Path, in) {
				return fmt.Errorf("%s would write over the input %s: give another path", t.Arg, in)
			}
		}
		k := fileKey(t.Path)
		if first, dup := seen[k]; dup {
			return fmt.Errorf("%s and %s write to one file: give each its own path", first.Arg, t.Arg)
		}
		seen[k] = t
	}
	return nil
}

// sameFile reports whether paths a and b name one file.
func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ia, ib)
	}
	return fileKey(a) == fileKey(b)
}

// fileKey is the absolute path of p with its folder's links followed.
func fileKey(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return abs
}

// File is a report being written. A new or regular file is written to a
// temporary file beside its path that Commit renames into place, so that a
// run that fails half-way leaves the previous report, or none, and never
// half of one. Any other path (a device such as /dev/null or /dev/stdout, a
// pipe, a link) is written where it is: renaming over it would replace the
// device or link itself.
type File struct {
	*os.File
	path string
	temp bool // written beside path, to be renamed into place
}

// Create starts the report file at path.
func Create(path string) (*File, error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return nil, err
		}
		return &File{File: f, path: path}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		if pe, ok := err.(*os.PathError); ok { // name the report, not the temporary file
			err = &os.PathError{Op: "open", Path: path, Err: pe.Err}
		}
		return nil, err
	}
	return &File{File: f, path: path, temp: true}, nil
}

// Commit closes the file and, where it was written beside its path,
// renames it into place.
func (f *File) Commit() error {
	if err := f.File.Close(); err != nil {
		f.remove()
		return err
	}
	if !f.temp {
		return nil
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		f.remove()
		return err
	}
	if err := os.Rename(f.Name(), f.path); err != nil {
		f.remove()
		return err
	}
	return nil
}

// Abort closes the file and removes it, leaving its path as it was (a
// device or pipe keeps what was written to it). After Commit it does
// nothing.
func (f *File) Abort() {
	if f.File.Close() == nil {
		f.remove()
	}
}

// remove deletes the temporary file, if there is one.
func (f *File) remove() {
	if f.temp {
		os.Remove(f.Name())
	}
}
