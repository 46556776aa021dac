'use strict';
// s3rver for tests, without one of its races. After deleting an object, s3rver removes the
// key's parent folders when they look empty (a readdirSync, then an rmdir); an upload into the
// same folder (`media/.incoming/`) that lands between the two finds its folder gone, and its
// write stream's ENOENT ends the whole server. S3 has no folders: here they are never pruned.
const { unlink } = require('fs/promises');
const FilesystemStore = require('s3rver/lib/stores/filesystem.js');

FilesystemStore.prototype.deleteObject = async function deleteObjectKeepingFolders(bucket, key) {
  const files = ['object', 'object.md5', 'metadata.json'].map((part) => this.getResourcePath(bucket, key, part));
  await Promise.all(
    files.map((file) =>
      unlink(file).catch((error) => {
        if (error.code !== 'ENOENT') throw error;
      }),
    ),
  );
};

require('s3rver/bin/s3rver.js');
