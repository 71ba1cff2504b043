// Reference chips from real dlib (Debian 12 libdlib-dev 19.24) for cases the shared golden set does not reach:
// faces much larger than the chip (dlib's pyramid_down<2> path) and chips reaching past the image border.
// Each input line: name image k dx dy x0 y0 ... x67 y67. The image is enlarged k times by pixel replication
// (big(r, c) = img(r / k, c / k)), the landmarks become (k*x + dx, k*y + dy); then
// get_face_chip_details(det, 150, 0.25) and extract_image_chip, as dlib's face descriptor examples do.
// Output: <outdir>/<name>.png and one TSV row per case on stdout (name cx cy rect_w rect_h angle m00..m12, %.17g).
//
// Build: g++ -O2 -std=c++14 dlib_chip_reference.cpp -o /tmp/dlib_chip_reference -ldlib -llapack -lblas -lpng -ljpeg
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

using namespace dlib;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: dlib_chip_reference OUTDIR < cases.tsv\n";
        return 2;
    }
    std::string outdir = argv[1];
    std::string line;
    std::printf("name\tcx\tcy\trect_w\trect_h\tangle\tm00\tm01\tm02\tm10\tm11\tm12\n");
    while (std::getline(std::cin, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream in(line);
        std::string name, path;
        long k, dx, dy;
        in >> name >> path >> k >> dx >> dy;
        std::vector<point> parts(68);
        for (auto& p : parts) {
            long x, y;
            in >> x >> y;
            p = point(k * x + dx, k * y + dy);
        }
        if (!in) {
            std::cerr << "bad line: " << name << "\n";
            return 1;
        }
        array2d<rgb_pixel> img, big;
        load_image(img, path);
        big.set_size(img.nr() * k, img.nc() * k);
        for (long r = 0; r < big.nr(); ++r)
            for (long c = 0; c < big.nc(); ++c) big[r][c] = img[r / k][c / k];
        full_object_detection det(rectangle(0, 0, big.nc() - 1, big.nr() - 1), parts);
        chip_details d = get_face_chip_details(det, 150, 0.25);
        array2d<rgb_pixel> chip;
        extract_image_chip(big, d, chip);
        save_png(chip, outdir + "/" + name + ".png");
        point_transform_affine m = get_mapping_to_chip(d);
        dpoint c = center(d.rect);
        std::printf("%s\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", name.c_str(),
                    c.x(), c.y(), d.rect.width(), d.rect.height(), d.angle, m.get_m()(0, 0), m.get_m()(0, 1),
                    m.get_b().x(), m.get_m()(1, 0), m.get_m()(1, 1), m.get_b().y());
    }
    return 0;
}
