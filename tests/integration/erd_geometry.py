"""erd_geometry.py - check the geometry of an SVG diagram `migrate erd`
drew through Graphviz (issue 25), as a person looking at it would:

  1. every line ends on the side of its table that faces the other table
     (the right side when the other table is to its right, the left side
     when it is to its left); a self reference leaves and enters on the
     same side and its loop stays outside the table;
  2. no line passes through a table box, its own or another's;
  3. no label (of a line or of a cluster) overlaps a table box;
  4. the diagram has exactly the expected number of foreign-key lines
     (<g id="fkN" class="edge">; a loop's second half, fkN_loop, is part
     of the same line) and of other lines.

usage: python3 erd_geometry.py FILE.svg FKS [OTHER]
Prints one line per failure and exits 1 on any, else prints a summary and
exits 0. Coordinates are Graphviz points; a box is shrunk by MARGIN before
"inside" is decided, since a line's ends touch its box's border.
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = '{http://www.w3.org/2000/svg}'
MARGIN = 1.5        # points a line may graze a box by
SAMPLES = 24        # points sampled on each cubic Bezier segment
CELL = 64.0         # spatial grid for the box look-up
ARROW = 16.0        # a line's end is this far from its port at most (the
                    # arrowhead between them follows the curve)

NUM = re.compile(r'-?\d+(?:\.\d+)?(?:e-?\d+)?')


def points(text):
    v = [float(x) for x in NUM.findall(text)]
    return list(zip(v[0::2], v[1::2]))


def bbox(pts):
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return [min(xs), min(ys), max(xs), max(ys)]


def union(a, b):
    return [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]),
            max(a[3], b[3])]


def title(g):
    t = g.find(NS + 'title')
    return t.text if t is not None and t.text else ''


def shape_box(g):
    """The box of a node: the union of its polygons and paths."""
    box = None
    for el in g:
        if el.tag == NS + 'ellipse':
            cx, cy = float(el.get('cx')), float(el.get('cy'))
            rx, ry = float(el.get('rx')), float(el.get('ry'))
            pts = [(cx - rx, cy - ry), (cx + rx, cy + ry)]
        elif el.tag == NS + 'polygon':
            pts = points(el.get('points', ''))
        elif el.tag == NS + 'path':
            pts = points(el.get('d', ''))
        else:
            continue
        if pts:
            box = bbox(pts) if box is None else union(box, bbox(pts))
    return box


def text_box(el):
    """An estimate of a <text>'s box: Helvetica's average advance is about
    0.6 of the font size; the baseline is at y."""
    size = float(el.get('font-size', '14'))
    text = ''.join(el.itertext())
    w = 0.6 * size * len(text)
    x, y = float(el.get('x')), float(el.get('y'))
    anchor = el.get('text-anchor', 'start')
    x0 = x - w / 2 if anchor == 'middle' else x - w if anchor == 'end' else x
    return [x0, y - 0.8 * size, x0 + w, y + 0.2 * size], text


def bezier(path_d):
    """Sampled points of a Graphviz path "M p C p p p p p p ..."."""
    pts = points(path_d)
    out = [pts[0]]
    for i in range(1, len(pts) - 2, 3):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for k in range(1, SAMPLES + 1):
            t = k / SAMPLES
            u = 1 - t
            out.append((u * u * u * p0[0] + 3 * u * u * t * p1[0] +
                        3 * u * t * t * p2[0] + t * t * t * p3[0],
                        u * u * u * p0[1] + 3 * u * u * t * p1[1] +
                        3 * u * t * t * p2[1] + t * t * t * p3[1]))
    return out


def inside(box, p, margin=MARGIN):
    return (box[0] + margin < p[0] < box[2] - margin and
            box[1] + margin < p[1] < box[3] - margin)


def overlap(a, b, margin=MARGIN):
    return (a[0] < b[2] - margin and b[0] < a[2] - margin and
            a[1] < b[3] - margin and b[1] < a[3] - margin)


class Grid:
    def __init__(self, boxes):
        self.cells = {}
        for name, box in boxes.items():
            for cx in range(int(box[0] // CELL), int(box[2] // CELL) + 1):
                for cy in range(int(box[1] // CELL), int(box[3] // CELL) + 1):
                    self.cells.setdefault((cx, cy), []).append(name)

    def near(self, p):
        return self.cells.get((int(p[0] // CELL), int(p[1] // CELL)), ())

    def near_box(self, box):
        seen = set()
        for cx in range(int(box[0] // CELL), int(box[2] // CELL) + 1):
            for cy in range(int(box[1] // CELL), int(box[3] // CELL) + 1):
                seen.update(self.cells.get((cx, cy), ()))
        return seen


def node_of(text, boxes):
    """The node an edge end "name[:port][:compass]" names, or None."""
    for k in range(3):
        if text in boxes:
            return text
        if ':' not in text:
            return None
        text = text.rsplit(':', 1)[0]
    return None


def ends(t, boxes):
    """Tail and head node names of an edge title "a:port:e->b:port:w"."""
    at = t.find('->')
    while at >= 0:
        tail, head = node_of(t[:at], boxes), node_of(t[at + 2:], boxes)
        if tail is not None and head is not None:
            return tail, head
        at = t.find('->', at + 1)
    return None, None


def side(box, p):
    """'e' or 'w': the side of box nearer to p (by x)."""
    return 'e' if abs(p[0] - box[2]) < abs(p[0] - box[0]) else 'w'


def check(path, want_fks, want_other):
    root = ET.parse(path).getroot()
    boxes, edges, labels = {}, [], []
    for g in root.iter(NS + 'g'):
        cls = g.get('class', '')
        if cls == 'node':
            boxes[title(g)] = shape_box(g)
        elif cls == 'edge':
            edges.append(g)
        elif cls == 'cluster':
            for el in g.iter(NS + 'text'):
                labels.append(('cluster ' + title(g),) + text_box(el))
    tables = dict((k, v) for k, v in boxes.items()
                  if v is not None and not k.startswith('loop\t'))
    grid = Grid(tables)
    errors = []
    fks = other = 0
    for g in edges:
        gid, t = g.get('id', ''), title(g)
        if re.match(r'^fk\d+$', gid):
            fks += 1
        elif not re.match(r'^fk\d+_loop$', gid):
            other += 1
        for el in g.iter(NS + 'text'):
            labels.append(('line ' + t,) + text_box(el))
        tail, head = ends(t, boxes)
        if boxes.get(tail) is None or boxes.get(head) is None:
            errors.append('%s: cannot tell its tables' % t)
            continue
        d = g.find(NS + 'path')
        if d is None:
            errors.append('%s: no path' % t)
            continue
        pts = bezier(d.get('d'))
        tb, hb = boxes[tail], boxes[head]
        # 1. the side each end leaves from faces the other table
        for name, box, other_box, p in ((tail, tb, hb, pts[0]),
                                        (head, hb, tb, pts[-1])):
            s = side(box, p)
            if tail == head:
                want = side(box, pts[0])        # a loop: both ends alike
            elif other_box[0] >= box[2]:
                want = 'e'
            elif other_box[2] <= box[0]:
                want = 'w'
            else:
                continue        # boxes above one another: either side
            if s != want:
                errors.append('%s: the end at %s leaves its %s side, facing '
                              'away from %s' % (t, name, s,
                                                head if name == tail
                                                else tail))
            if name in tables and (box[1] - ARROW > p[1] or
                                   p[1] > box[3] + ARROW):
                errors.append('%s: the end at %s is beside no row of it'
                              % (t, name))
        # 2. no sample of the line inside a box
        hit = set()
        for p in pts:
            for name in grid.near(p):
                if name not in hit and inside(tables[name], p):
                    hit.add(name)
        for name in sorted(hit):
            errors.append('%s: passes through table %s' % (t, name))
    # 3. labels off the tables
    for what, box, text in labels:
        for name in sorted(grid.near_box(box)):
            if overlap(box, tables[name]):
                errors.append('label %r of %s overlaps table %s'
                              % (text, what, name))
    # 4. one line per foreign key
    if fks != want_fks:
        errors.append('%d foreign-key lines, want %d' % (fks, want_fks))
    if want_other is not None and other != want_other:
        errors.append('%d other lines, want %d' % (other, want_other))
    return errors, len(tables), fks, other, len(labels)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    errors, nodes, fks, other, labels = check(
        sys.argv[1], int(sys.argv[2]),
        int(sys.argv[3]) if len(sys.argv) == 4 else None)
    for e in errors[:40]:
        print(e)
    if len(errors) > 40:
        print('... and %d more' % (len(errors) - 40))
    if errors:
        sys.exit(1)
    print('%s: %d tables, %d foreign-key lines, %d other lines, %d labels: '
          'ok' % (sys.argv[1], nodes, fks, other, labels))


if __name__ == '__main__':
    main()
