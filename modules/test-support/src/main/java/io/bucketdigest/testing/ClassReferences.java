package io.bucketdigest.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one class file names in a way the JVM may need them: class constants that its code, its declaration
 * (super type, interfaces, nest host, enclosing class) or its bootstrap arguments use, and every type inside a
 * descriptor or generic signature (a record component type that Jackson fills by reflection is named only there).
 *
 * <p>A class constant that nothing uses is left out: javac records the class of an inlined {@code static final}
 * constant that way (for jdeps), and the JVM never loads it, so the shaded jar may rightly leave that class out. So are
 * the classes an outer class merely lists as its nested ones (InnerClasses, NestMembers): the JVM checks those lists by
 * name and loads a nested class only where code uses it.
 */
final class ClassReferences {

    private static final Pattern NAMED_TYPE = Pattern.compile("L([\\w$]+(?:/[\\w$]+)*)[;<]");

    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int STRING = 8;
    private static final int MEMBER_REFERENCE_FIRST = 9;
    private static final int MEMBER_REFERENCE_LAST = 11;

    private final DataInputStream in;
    private String[] utf8;
    private int[] tags;
    private int[] firstIndex;
    private int thisClass;
    private final Set<Integer> usedClassConstants = new HashSet<>();

    private ClassReferences(byte[] classFile) {
        this.in = new DataInputStream(new ByteArrayInputStream(classFile));
    }

    /** The internal names this class file names, itself left out. */
    static Set<String> of(byte[] classFile) throws IOException {
        return new ClassReferences(classFile).read();
    }

    private Set<String> read() throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        readConstantPool();
        in.readUnsignedShort();
        thisClass = in.readUnsignedShort();
        useClass(in.readUnsignedShort());
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            useClass(in.readUnsignedShort());
        }
        for (int kind = 0; kind < 2; kind++) {
            int members = in.readUnsignedShort();
            for (int i = 0; i < members; i++) {
                in.readUnsignedShort();
                in.readUnsignedShort();
                in.readUnsignedShort();
                readAttributes();
            }
        }
        readAttributes();

        Set<String> named = new HashSet<>();
        Set<Integer> literals = new HashSet<>();
        Set<Integer> classNames = new HashSet<>();
        for (int i = 1; i < tags.length; i++) {
            if (tags[i] == STRING) {
                literals.add(firstIndex[i]);
            } else if (tags[i] == CLASS) {
                classNames.add(firstIndex[i]);
                if (usedClassConstants.contains(i)) {
                    String name = utf8[firstIndex[i]];
                    if (name.startsWith("[")) {
                        addTypesIn(name, named);
                    } else {
                        named.add(name);
                    }
                }
            }
        }
        for (int i = 1; i < tags.length; i++) {
            if (tags[i] == UTF8 && !literals.contains(i) && !classNames.contains(i)) {
                addTypesIn(utf8[i], named);
            }
        }
        named.remove(utf8[firstIndex[thisClass]]);
        return named;
    }

    private void readConstantPool() throws IOException {
        int count = in.readUnsignedShort();
        utf8 = new String[count];
        tags = new int[count];
        firstIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case UTF8 -> utf8[i] = in.readUTF();
                case CLASS, STRING, 16, 19, 20 -> firstIndex[i] = in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    firstIndex[i] = in.readUnsignedShort();
                }
                case 9, 10, 11, 12, 17, 18 -> {
                    firstIndex[i] = in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        for (int i = 1; i < count; i++) {
            if (tags[i] >= MEMBER_REFERENCE_FIRST && tags[i] <= MEMBER_REFERENCE_LAST) {
                useClass(firstIndex[i]);
            }
        }
    }

    private void readAttributes() throws IOException {
        int attributes = in.readUnsignedShort();
        for (int i = 0; i < attributes; i++) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            switch (name) {
                case "Code" -> readCode();
                case "NestHost" -> useClass(in.readUnsignedShort());
                case "EnclosingMethod" -> {
                    useClass(in.readUnsignedShort());
                    in.readUnsignedShort();
                }
                case "InnerClasses" -> {
                    int classes = in.readUnsignedShort();
                    for (int c = 0; c < classes; c++) {
                        int inner = in.readUnsignedShort();
                        int outer = in.readUnsignedShort();
                        if (inner == thisClass) {
                            useClass(outer);
                        }
                        in.readUnsignedShort();
                        in.readUnsignedShort();
                    }
                }
                case "BootstrapMethods" -> {
                    int methods = in.readUnsignedShort();
                    for (int m = 0; m < methods; m++) {
                        in.readUnsignedShort();
                        useClasses(in.readUnsignedShort());
                    }
                }
                default -> in.skipNBytes(length);
            }
        }
    }

    private void readCode() throws IOException {
        in.readUnsignedShort();
        in.readUnsignedShort();
        byte[] code = new byte[in.readInt()];
        in.readFully(code);
        readInstructions(code);
        int handlers = in.readUnsignedShort();
        for (int i = 0; i < handlers; i++) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            useClass(in.readUnsignedShort());
        }
        readAttributes();
    }

    /** Marks the class constants of ldc, new, anewarray, checkcast, instanceof and multianewarray. */
    private void readInstructions(byte[] code) {
        int pc = 0;
        while (pc < code.length) {
            int opcode = code[pc] & 0xff;
            switch (opcode) {
                case 0x12 -> useClass(code[pc + 1] & 0xff);
                case 0x13, 0xbb, 0xbd, 0xc0, 0xc1, 0xc5 -> useClass((code[pc + 1] & 0xff) << 8 | code[pc + 2] & 0xff);
                default -> { }
            }
            pc += length(code, pc, opcode);
        }
    }

    private static int length(byte[] code, int pc, int opcode) {
        if (opcode == 0xaa || opcode == 0xab) {
            int operands = (pc + 4) & ~3;
            if (opcode == 0xaa) {
                int low = readInt(code, operands + 4);
                int high = readInt(code, operands + 8);
                return operands - pc + 12 + 4 * (high - low + 1);
            }
            return operands - pc + 8 + 8 * readInt(code, operands + 4);
        }
        if (opcode == 0xc4) {
            return (code[pc + 1] & 0xff) == 0x84 ? 6 : 4;
        }
        if (opcode == 0x10 || opcode == 0x12 || (opcode >= 0x15 && opcode <= 0x19) || (opcode >= 0x36 && opcode <= 0x3a)
                || opcode == 0xa9 || opcode == 0xbc) {
            return 2;
        }
        if (opcode == 0x11 || opcode == 0x13 || opcode == 0x14 || opcode == 0x84 || (opcode >= 0x99 && opcode <= 0xa8)
                || (opcode >= 0xb2 && opcode <= 0xb8) || opcode == 0xbb || opcode == 0xbd || opcode == 0xc0
                || opcode == 0xc1 || opcode == 0xc6 || opcode == 0xc7) {
            return 3;
        }
        if (opcode == 0xc5) {
            return 4;
        }
        if (opcode == 0xb9 || opcode == 0xba || opcode == 0xc8 || opcode == 0xc9) {
            return 5;
        }
        return 1;
    }

    private static int readInt(byte[] code, int at) {
        return ((code[at] & 0xff) << 24) | ((code[at + 1] & 0xff) << 16) | ((code[at + 2] & 0xff) << 8)
                | (code[at + 3] & 0xff);
    }

    private void useClasses(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            useClass(in.readUnsignedShort());
        }
    }

    private void useClass(int index) {
        if (index > 0 && index < tags.length && tags[index] == CLASS) {
            usedClassConstants.add(index);
        }
    }

    private static void addTypesIn(String descriptorOrSignature, Set<String> named) {
        Matcher types = NAMED_TYPE.matcher(descriptorOrSignature);
        while (types.find()) {
            named.add(types.group(1));
        }
    }
}
