/* Corpus replay driver: in ordinary (non-libFuzzer) builds each fuzz target
 * is linked with this main, which feeds it every file of the directories or
 * files named on the command line. `make check` runs it over the committed
 * seed corpus and every regression input, so a crash once found stays
 * fixed. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    long size;

    if (!f) {
        perror(path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc(size > 0 ? (size_t) size : 1);
    if (!data || (size > 0 && fread(data, 1, (size_t) size, f) != (size_t) size)) {
        fprintf(stderr, "%s: read failed\n", path);
        fclose(f);
        free(data);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, (size_t) size);
    free(data);
    return 0;
}

int
main(int argc, char *argv[])
{
    int i, n = 0, errors = 0;

    for (i = 1; i < argc; i++) {
        struct stat st;
        DIR *dir;
        struct dirent *de;

        if (stat(argv[i], &st)) {
            continue;           /* An absent regression dir is fine. */
        }
        if (!S_ISDIR(st.st_mode)) {
            errors += replay_file(argv[i]);
            n++;
            continue;
        }
        dir = opendir(argv[i]);
        while (dir && (de = readdir(dir)) != NULL) {
            char path[4096];
            if (de->d_name[0] == '.') {
                continue;
            }
            snprintf(path, sizeof path, "%s/%s", argv[i], de->d_name);
            errors += replay_file(path);
            n++;
        }
        if (dir) {
            closedir(dir);
        }
    }
    printf("replayed %d inputs, %d unreadable\n", n, errors);
    if (n == 0) {
        fprintf(stderr, "no inputs replayed\n");
        return 1;
    }
    return errors ? 1 : 0;
}
