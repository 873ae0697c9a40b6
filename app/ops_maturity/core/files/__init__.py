"""Safe reading and writing of any file: the layer every other file access goes through.

`bounded_read` reads without trusting a file (size-capped, regular files only, never blocking);
`atomic_file` writes by temp file, fsync and `os.replace`; `lock` keeps one writer per assessment;
`processes` tells whether a pid is running; `user_paths` turns typed paths into clear errors;
`output_file` writes where a user asked (file, device, FIFO, stdout); `private_cache` gives a
0700 cache folder only when it is really ours.
"""
