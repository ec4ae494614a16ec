public static class B { public static void Main() {} }
