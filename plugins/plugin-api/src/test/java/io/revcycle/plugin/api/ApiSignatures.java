package io.revcycle.plugin.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a compiled connector can link to: one line per public type, supertype, field,
 * constructor and method of the API's classes, in erased form, as the JVM resolves them.
 * A new API version keeps every line of the previous one, or a connector compiled against
 * it may fail with a {@link LinkageError}.
 */
final class ApiSignatures {

	private ApiSignatures() {
	}

	/** The lines of these classes and the public classes nested in them. */
	static Set<String> of(Class<?>... types) {
		Set<String> lines = new TreeSet<>();
		for (Class<?> type : types) {
			add(type, lines);
		}
		return lines;
	}

	/** Prints the lines of the named classes, as loaded by this class's loader. */
	public static void main(String[] args) throws ClassNotFoundException {
		Class<?>[] types = new Class<?>[args.length];
		for (int i = 0; i < args.length; i++) {
			types[i] = Class.forName(args[i]);
		}
		of(types).forEach(System.out::println);
	}

	private static void add(Class<?> type, Set<String> lines) {
		if (!Modifier.isPublic(type.getModifiers())) {
			return;
		}
		String name = type.getName();
		lines.add("type " + name + " " + kind(type));
		if (type.getSuperclass() != null && type.getSuperclass() != Object.class) {
			lines.add("type " + name + " extends " + type.getSuperclass().getName());
		}
		for (Class<?> implemented : type.getInterfaces()) {
			lines.add("type " + name + " implements " + implemented.getName());
		}
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isPublic(field.getModifiers())) {
				lines.add("field " + name + "." + field.getName() + " " + field.getType().getName()
						+ (Modifier.isStatic(field.getModifiers()) ? " static" : ""));
			}
		}
		for (Constructor<?> constructor : type.getDeclaredConstructors()) {
			if (Modifier.isPublic(constructor.getModifiers())) {
				lines.add("constructor " + name + parameters(constructor));
			}
		}
		for (Method method : type.getDeclaredMethods()) {
			if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic()) {
				lines.add("method " + name + "." + method.getName() + parameters(method) + " "
						+ method.getReturnType().getName()
						+ (Modifier.isStatic(method.getModifiers()) ? " static" : ""));
			}
		}
		for (Class<?> nested : type.getDeclaredClasses()) {
			add(nested, lines);
		}
	}

	private static String kind(Class<?> type) {
		if (type.isAnnotation()) {
			return "annotation";
		}
		if (type.isInterface()) {
			return "interface";
		}
		if (type.isEnum()) {
			return "enum";
		}
		if (type.isRecord()) {
			return "record";
		}
		return "class";
	}

	private static String parameters(Executable executable) {
		return Arrays.stream(executable.getParameterTypes())
			.map(Class::getName)
			.collect(Collectors.joining(",", "(", ")"));
	}

}
